package dev.hardening.samples.webapp.books;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * No book has the catalogue number asked for. Pages answer it with the 404 page, the API with
 * its own JSON error.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class BookNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long id;

	public BookNotFoundException(long id) {
		super("No book has the number " + id + ".");
		this.id = id;
	}

	public long getId() {
		return this.id;
	}

}
