package dev.hardening.samples.webapp.books;

/**
 * A book in the catalogue.
 *
 * @param id the catalogue number
 * @param title the title
 * @param author who wrote it
 * @param year the year it was first published
 */
public record Book(long id, String title, String author, int year) {
}
