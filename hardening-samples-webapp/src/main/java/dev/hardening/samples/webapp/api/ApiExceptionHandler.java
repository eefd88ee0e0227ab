package dev.hardening.samples.webapp.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.samples.webapp.books.BookNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's errors: its own for a missing book and an invalid one, and a catch-all so a client
 * never sees a stack trace.
 */
@RestControllerAdvice(basePackageClasses = BookApiController.class)
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(BookNotFoundException.class)
	ResponseEntity<ApiError> bookNotFound(BookNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ApiError.of("BOOK_NOT_FOUND", "No book has the number " + ex.getId() + "."));
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ApiError> invalid(MethodArgumentNotValidException ex) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			fields.putIfAbsent(error.getField(), String.valueOf(error.getDefaultMessage()));
		}
		return ResponseEntity.badRequest().body(new ApiError("INVALID_BOOK", "The book is not valid.", fields));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception ex) {
		log.error("Unexpected API failure", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ApiError.of("INTERNAL_ERROR", "Something went wrong. Please try again later."));
	}

}
