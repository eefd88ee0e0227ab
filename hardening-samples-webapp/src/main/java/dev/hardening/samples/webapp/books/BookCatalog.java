package dev.hardening.samples.webapp.books;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Service;

/**
 * The books, kept in memory and seeded with a few classics.
 */
@Service
public class BookCatalog {

	private final Map<Long, Book> books = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	public BookCatalog() {
		add("The Left Hand of Darkness", "Ursula K. Le Guin", 1969);
		add("Invisible Cities", "Italo Calvino", 1972);
		add("Beloved", "Toni Morrison", 1987);
	}

	public List<Book> all() {
		return this.books.values().stream().sorted(Comparator.comparingLong(Book::id)).toList();
	}

	public Optional<Book> find(long id) {
		return Optional.ofNullable(this.books.get(id));
	}

	public Book get(long id) {
		return find(id).orElseThrow(() -> new BookNotFoundException(id));
	}

	public Book add(String title, String author, int year) {
		Book book = new Book(this.ids.incrementAndGet(), title, author, year);
		this.books.put(book.id(), book);
		return book;
	}

}
