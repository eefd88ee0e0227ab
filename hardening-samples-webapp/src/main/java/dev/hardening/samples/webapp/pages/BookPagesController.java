package dev.hardening.samples.webapp.pages;

import java.util.Objects;

import dev.hardening.samples.webapp.books.Book;
import dev.hardening.samples.webapp.books.BookCatalog;
import dev.hardening.samples.webapp.books.CatalogueExport;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A book's page, the form that adds one, and the export.
 */
@Controller
class BookPagesController {

	private final BookCatalog catalog;

	private final CatalogueExport export;

	BookPagesController(BookCatalog catalog, CatalogueExport export) {
		this.catalog = catalog;
		this.export = export;
	}

	@GetMapping("/books/{id}")
	String show(@PathVariable long id, Model model) {
		model.addAttribute("book", this.catalog.get(id));
		return "books/show";
	}

	@GetMapping("/books/new")
	String newBook(Model model) {
		model.addAttribute("bookForm", new BookForm());
		return "books/new";
	}

	@PostMapping("/books")
	String create(@Valid @ModelAttribute BookForm bookForm, BindingResult result, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return "books/new";
		}
		Book book = this.catalog.add(Objects.requireNonNull(bookForm.getTitle()).strip(),
				Objects.requireNonNull(bookForm.getAuthor()).strip(), Objects.requireNonNull(bookForm.getYear()));
		redirect.addFlashAttribute("added", true);
		return "redirect:/books/" + book.id();
	}

	@GetMapping("/books/export")
	String export(Model model) {
		model.addAttribute("result", this.export.export());
		return "books/export";
	}

}
