package dev.hardening.autoconfigure.error;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartFile;

/**
 * A small API shaped like real ones, with a handler for each way Spring MVC reads a request:
 * JSON bodies, form parameters, multipart parts, headers, cookies, dates, content negotiation,
 * conditional requests and a static resource served with ranges. The target of the malformed
 * request tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(MalformedRequestsApplication.Api.class)
class MalformedRequestsApplication {

	/** Properties the tests start the application with. */
	static final String[] PROPERTIES = { "spring.web.resources.static-locations=classpath:/malformed-static/",
			"spring.servlet.multipart.max-file-size=64KB", "spring.servlet.multipart.max-request-size=128KB",
			"hardening.web.limits.max-parameters=20", "spring.mvc.problemdetails.enabled=true",
			"spring.web.error.include-stacktrace=always", "spring.web.error.include-message=always" };

	record Widget(@NotBlank String name, @Min(1) int size, List<String> tags) {
	}

	@RestController
	static class Api {

		@PostMapping("/api/widgets")
		ResponseEntity<Widget> create(@Valid @RequestBody Widget widget) {
			return ResponseEntity.status(201).eTag("\"w1\"").body(widget);
		}

		@GetMapping(path = "/api/widgets/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<Widget> widget(@PathVariable long id) {
			return ResponseEntity.ok().eTag("\"w" + id + "\"").lastModified(1_700_000_000_000L)
				.body(new Widget("widget", 1, List.of()));
		}

		@GetMapping(path = "/api/widgets/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
		String widgetText(@PathVariable long id) {
			return "widget " + id;
		}

		@GetMapping("/api/conditional")
		String conditional(WebRequest request) {
			if (request.checkNotModified("\"c1\"", 1_700_000_000_000L)) {
				return null;
			}
			return "fresh";
		}

		@PostMapping(path = "/api/forms", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
		Map<String, Object> form(@RequestParam String name, @RequestParam(defaultValue = "1") int count) {
			return Map.of("name", name, "count", count);
		}

		@PutMapping("/api/forms")
		Map<String, Object> putForm(@RequestParam String name) {
			return Map.of("name", name);
		}

		@PostMapping(path = "/api/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
		Map<String, Object> upload(@RequestPart("file") MultipartFile file,
				@RequestPart(name = "meta", required = false) Widget meta,
				@RequestParam(name = "note", required = false) String note) {
			return Map.of("size", file.getSize(), "named", meta != null);
		}

		@PostMapping("/api/attachments")
		long attach(@RequestParam("file") MultipartFile file) {
			return file.getSize();
		}

		@PostMapping(path = "/api/text", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
		String text(@RequestBody String body) {
			return "length " + body.length();
		}

		@GetMapping("/api/headers")
		String headers(@RequestHeader("X-Count") int count,
				@RequestHeader(name = "X-When", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime when,
				@CookieValue(name = "session", required = false) String session) {
			return count + " " + when + " " + (session != null);
		}

		@GetMapping("/api/dates")
		String dates(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
				@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) List<LocalDate> also) {
			return from.toString();
		}

	}

}
