package dev.hardening.samples.webapp.api;

import java.net.URI;
import java.util.List;

import dev.hardening.samples.webapp.books.Book;
import dev.hardening.samples.webapp.books.BookCatalog;
import dev.hardening.samples.webapp.books.CatalogueExport;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The catalogue as JSON, for the library's other systems.
 */
@RestController
@RequestMapping("/api/books")
class BookApiController {

	private final BookCatalog catalog;

	private final CatalogueExport export;

	BookApiController(BookCatalog catalog, CatalogueExport export) {
		this.catalog = catalog;
		this.export = export;
	}

	@GetMapping
	ResponseEntity<List<Book>> list() {
		return ResponseEntity.ok(this.catalog.all());
	}

	@GetMapping("/{id}")
	ResponseEntity<Book> one(@PathVariable long id) {
		return ResponseEntity.ok(this.catalog.get(id));
	}

	@PostMapping
	ResponseEntity<Book> create(@Valid @RequestBody NewBook newBook, UriComponentsBuilder uris) {
		Book book = this.catalog.add(newBook.title().strip(), newBook.author().strip(), newBook.year());
		URI location = uris.path("/api/books/{id}").buildAndExpand(book.id()).toUri();
		return ResponseEntity.created(location).body(book);
	}

	@PostMapping("/export")
	ResponseEntity<String> export() {
		return ResponseEntity.accepted().body(this.export.export());
	}

}
