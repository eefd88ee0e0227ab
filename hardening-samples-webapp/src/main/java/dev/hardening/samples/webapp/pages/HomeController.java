package dev.hardening.samples.webapp.pages;

import dev.hardening.samples.webapp.books.BookCatalog;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: the catalogue, open to everyone.
 */
@Controller
class HomeController {

	private final BookCatalog catalog;

	HomeController(BookCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/")
	String home(Model model) {
		model.addAttribute("books", this.catalog.all());
		return "index";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/account")
	String account() {
		return "account";
	}

}
