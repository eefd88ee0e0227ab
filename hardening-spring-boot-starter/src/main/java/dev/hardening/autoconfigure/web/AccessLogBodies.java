package dev.hardening.autoconfigure.web;

import java.util.List;
import java.util.Locale;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.MediaType;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * The access log's body policy, built only when bodies are switched on: which requests and media
 * types, a copy of each body bounded as it streams (bytes past the limit are counted, not kept,
 * and the body still reaches the application or the client whole), and what is logged of it. A
 * body is logged only if it was kept whole and is valid JSON, redacted; otherwise a marker with
 * its size stands in for it, never its text.
 */
final class AccessLogBodies {

	private static final String PROPERTY = "hardening.web.access-log.bodies";

	private static final long LARGEST = DataSize.ofMegabytes(1).toBytes();

	private final int maxSize;

	private final List<MediaType> contentTypes;

	private final @Nullable PathPatterns paths;

	private final JsonBodyRedactor redactor;

	private AccessLogBodies(int maxSize, List<MediaType> contentTypes, @Nullable PathPatterns paths,
			JsonBodyRedactor redactor) {
		this.maxSize = maxSize;
		this.contentTypes = contentTypes;
		this.paths = paths;
		this.redactor = redactor;
	}

	/**
	 * Checks the properties and builds the policy.
	 * @param properties the properties
	 * @param classLoader the loader to look for Jackson with
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	static AccessLogBodies of(HardeningWebProperties.Bodies properties, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent("tools.jackson.core.json.JsonFactory", classLoader)) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY + ".enabled", true,
					"Logging bodies needs Jackson 3 (tools.jackson.core:jackson-core, which "
							+ "spring-boot-starter-jackson brings); add it or switch body logging off.");
		}
		long maxSize = properties.getMaxSize().toBytes();
		if (maxSize < 1 || maxSize > LARGEST) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY + ".max-size", properties.getMaxSize(),
					"It must be between 1B and 1MB.");
		}
		List<String> paths = properties.getPaths();
		PathPatterns patterns = PathPatterns.of(paths, PROPERTY + ".paths", List.of(), "");
		boolean everyPath = paths.stream().anyMatch((path) -> "/**".equals(path.trim()));
		return new AccessLogBodies((int) maxSize, List.copyOf(properties.getContentTypes()),
				everyPath ? null : patterns, JsonBodyRedactor.of(properties.getRedact(), PROPERTY + ".redact"));
	}

	/**
	 * Tells whether the bodies of a request and its response may be logged, by its path.
	 * @param request the request
	 * @return {@code true} if its path is one of the paths
	 */
	boolean appliesTo(HttpServletRequest request) {
		return this.paths == null || this.paths.matches(request);
	}

	/**
	 * Tells whether bodies of a media type are logged, matching as {@link MediaType#includes}
	 * does but without parsing, so that a malformed header costs no exception.
	 * @param contentType the Content-Type, or {@code null}
	 * @return {@code true} if one of the content-types includes it
	 */
	boolean logs(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int end = contentType.indexOf(';');
		String essence = ((end >= 0) ? contentType.substring(0, end) : contentType).trim().toLowerCase(Locale.ROOT);
		int slash = essence.indexOf('/');
		if (slash <= 0) {
			return false;
		}
		String type = essence.substring(0, slash);
		String subtype = essence.substring(slash + 1);
		for (MediaType pattern : this.contentTypes) {
			if ((pattern.isWildcardType() || pattern.getType().equals(type)) && subtypeMatches(pattern, subtype)) {
				return true;
			}
		}
		return false;
	}

	private static boolean subtypeMatches(MediaType pattern, String subtype) {
		String wanted = pattern.getSubtype();
		if (wanted.equals(subtype) || "*".equals(wanted)) {
			return true;
		}
		return wanted.startsWith("*+") && subtype.endsWith(wanted.substring(1));
	}

	/**
	 * Starts a bounded copy of a body.
	 * @param expected the body's declared length, or -1, to size the first buffer
	 * @return the copy
	 */
	Capture capture(long expected) {
		return new Capture(this.maxSize, expected);
	}

	/**
	 * Wraps a request so that what the application reads of its body is copied.
	 * @param request the request
	 * @param capture the copy
	 * @return the wrapped request
	 */
	static HttpServletRequest wrap(HttpServletRequest request, Capture capture) {
		return new CapturingRequest(request, capture);
	}

	/**
	 * What to log of a body.
	 * @param capture the copy
	 * @return the redacted JSON, a marker with the size for a body cut at the limit or that is not
	 * valid JSON, or {@code null} for no body
	 */
	@Nullable String describe(Capture capture) {
		if (capture.size == 0) {
			return null;
		}
		if (capture.size > capture.kept) {
			return "{\"truncated\":true,\"size\":" + capture.size + "}";
		}
		String redacted = this.redactor.redact(capture.buffer, capture.kept);
		return (redacted != null) ? redacted : "{\"unparsable\":true,\"size\":" + capture.size + "}";
	}

	/** A copy of the first bytes of a body, up to the limit, and the count of all of them. */
	static final class Capture {

		private static final byte[] EMPTY = new byte[0];

		private final int limit;

		private final long expected;

		private byte[] buffer = EMPTY;

		private int kept;

		private long size;

		private Capture(int limit, long expected) {
			this.limit = limit;
			this.expected = expected;
		}

		void write(int b) {
			this.size++;
			if (this.kept < this.limit) {
				ensure(this.kept + 1);
				this.buffer[this.kept++] = (byte) b;
			}
		}

		void write(byte[] b, int off, int len) {
			this.size += len;
			int n = Math.min(len, this.limit - this.kept);
			if (n > 0) {
				ensure(this.kept + n);
				System.arraycopy(b, off, this.buffer, this.kept, n);
				this.kept += n;
			}
		}

		private void ensure(int needed) {
			if (needed > this.buffer.length) {
				int first = (this.expected > 0) ? (int) Math.min(this.expected, this.limit) : 256;
				int grown = Math.max(needed, Math.max(first, this.buffer.length * 2));
				byte[] bigger = new byte[Math.min(grown, this.limit)];
				System.arraycopy(this.buffer, 0, bigger, 0, this.kept);
				this.buffer = bigger;
			}
		}

	}

	/** The request with what the application reads of its body copied into a capture. */
	private static final class CapturingRequest extends BodyObservingRequest {

		private final Capture capture;

		CapturingRequest(HttpServletRequest request, Capture capture) {
			super(request);
			this.capture = capture;
		}

		@Override
		void observe(byte[] buffer, int offset, int length) {
			this.capture.write(buffer, offset, length);
		}

		@Override
		void observe(int b) {
			this.capture.write(b);
		}

	}

}
