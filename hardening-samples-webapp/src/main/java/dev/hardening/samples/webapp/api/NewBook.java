package dev.hardening.samples.webapp.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/books}.
 *
 * @param title the title
 * @param author who wrote it
 * @param year the year it was first published
 */
public record NewBook(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 200) String author,
		@Min(1450) @Max(2100) int year) {
}
