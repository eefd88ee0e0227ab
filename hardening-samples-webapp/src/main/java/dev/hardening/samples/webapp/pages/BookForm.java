package dev.hardening.samples.webapp.pages;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What the "add a book" form posts.
 */
public class BookForm {

	@NotBlank(message = "Give the book a title.")
	@Size(max = 200, message = "A title has at most 200 characters.")
	private @Nullable String title;

	@NotBlank(message = "Say who wrote it.")
	@Size(max = 200, message = "A name has at most 200 characters.")
	private @Nullable String author;

	@NotNull(message = "Give the year it was first published.")
	@Min(value = 1450, message = "Give a year from 1450 on.")
	@Max(value = 2100, message = "Give a year up to 2100.")
	private @Nullable Integer year;

	public @Nullable String getTitle() {
		return this.title;
	}

	public void setTitle(@Nullable String title) {
		this.title = title;
	}

	public @Nullable String getAuthor() {
		return this.author;
	}

	public void setAuthor(@Nullable String author) {
		this.author = author;
	}

	public @Nullable Integer getYear() {
		return this.year;
	}

	public void setYear(@Nullable Integer year) {
		this.year = year;
	}

}
