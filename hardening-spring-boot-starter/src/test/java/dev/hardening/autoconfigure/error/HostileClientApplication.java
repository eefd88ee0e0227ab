package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The target of the hostile-client tests: an API with the shapes clients send hostile input to, JSON
 * bodies of many types, lists and maps of validated values, converted path variables and query
 * parameters, a form object bound from the query, async handlers and handlers that fail, some
 * with the client's input in their exception's message.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ HostileClientApplication.Api.class, HostileClientApplication.ValidatedApi.class })
class HostileClientApplication {

	/** Put in hostile values, to find them echoed in a body or a log line. */
	static final String MARKER = "Atk69mk";

	enum Kind {

		SMALL, LARGE

	}

	record Item(@NotBlank String name, @Min(1) Integer size, Kind kind, UUID id, Instant at, LocalDate on, BigInteger big,
			BigDecimal amount, Double ratio, List<@NotBlank String> tags, Map<String, @NotBlank String> attrs,
			@Valid Item child) {
	}

	/** A form object bound from query parameters with setters, as most applications write them. */
	/** A form object bound through its constructor, as records are. */
	record RecordSearch(List<String> tags, Map<String, String> attrs, String name) {
	}

	/** A form object whose constructor refuses a value: the application's own rule, and a bug if it throws. */
	record Strict(String name) {

		Strict {
			if ("boom".equals(name)) {
				throw new IllegalArgumentException("the application refuses " + name);
			}
		}

	}

	static class Search {

		private String name;

		private int page;

		private List<String> tags = new ArrayList<>();

		private Map<String, String> labels;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int getPage() {
			return this.page;
		}

		public void setPage(int page) {
			this.page = page;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public Map<String, String> getLabels() {
			return this.labels;
		}

		public void setLabels(Map<String, String> labels) {
			this.labels = labels;
		}

	}

	@RestController
	static class Api {

		@PostMapping("/hostile/items")
		Item create(@Valid @RequestBody Item item) {
			return item;
		}

		@PostMapping("/hostile/batch")
		int batch(@RequestBody List<@Valid Item> items) {
			return items.size();
		}

		@PostMapping(path = "/hostile/text", consumes = MediaType.TEXT_PLAIN_VALUE)
		int text(@RequestBody String text) {
			return text.length();
		}

		@GetMapping("/hostile/kinds/{kind}")
		String kind(@PathVariable Kind kind) {
			return kind.name();
		}

		@GetMapping("/hostile/ids/{id}")
		String id(@PathVariable UUID id) {
			return id.toString();
		}

		@GetMapping("/hostile/convert")
		String convert(@RequestParam(required = false) Integer n, @RequestParam(required = false) Long l,
				@RequestParam(required = false) Instant at,
				@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on,
				@RequestParam(required = false) Kind kind, @RequestParam(required = false) List<Integer> ns) {
			return "ok";
		}

		@GetMapping("/hostile/search")
		String search(@ModelAttribute Search search) {
			return "found " + search.getTags().size();
		}

		@GetMapping("/hostile/record-search")
		String recordSearch(@ModelAttribute RecordSearch search) {
			return "found " + ((search.tags() != null) ? search.tags().size() : 0);
		}

		@GetMapping("/hostile/strict")
		String strict(@ModelAttribute Strict strict) {
			return "strict " + strict.name();
		}

		@PostMapping("/hostile/strict")
		String strictBody(@RequestBody Strict strict) {
			return "strict " + strict.name();
		}

		@GetMapping("/hostile/own-binder")
		String ownBinder(@RequestParam(defaultValue = "tags[x]") String property) {
			// a bug: the application binds a property path of its own that its form does not have
			new org.springframework.validation.DataBinder(new Search())
				.bind(new org.springframework.beans.MutablePropertyValues(Map.of(property, "1")));
			return "bound";
		}

		@GetMapping("/hostile/boom/{anything}")
		String boom(@PathVariable String anything) {
			throw new IllegalStateException("secret: SELECT * FROM users");
		}

		@GetMapping("/hostile/argument")
		String argument(@RequestParam(defaultValue = "") String q) {
			// a bug: an argument the code did not expect, with the client's input in its message
			throw new IllegalArgumentException("unexpected value " + q);
		}

		@GetMapping("/hostile/async/callable")
		Callable<String> callable(@RequestParam(defaultValue = "") String q) {
			return () -> {
				throw new IllegalStateException("async secret " + q);
			};
		}

		@GetMapping("/hostile/async/future")
		CompletableFuture<String> future(@RequestParam(defaultValue = "") String q) {
			return CompletableFuture.failedFuture(new IllegalStateException("future secret " + q));
		}

		@GetMapping("/hostile/stream")
		StreamingResponseBody stream(@RequestParam(defaultValue = "") String q) {
			return (out) -> {
				out.write("partial".getBytes());
				out.flush();
				throw new IOException("stream secret " + q);
			};
		}

	}

	@RestController
	@Validated
	static class ValidatedApi {

		@GetMapping("/hostile/validated")
		String validated(@RequestParam @Min(1) @Max(50) int size, @RequestParam(required = false) @Size(max = 5) String name) {
			return "ok";
		}

	}

}
