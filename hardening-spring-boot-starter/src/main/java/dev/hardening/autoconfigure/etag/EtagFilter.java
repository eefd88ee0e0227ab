package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import dev.hardening.autoconfigure.AsyncCompletion;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import dev.hardening.web.HttpDates;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Shallow ETags for {@code GET} and {@code HEAD}: the body is hashed as it is written ({@code HEAD}
 * is run as a {@code GET}, so it carries the same ETag and Content-Length), and an
 * {@code If-None-Match} that matches gets a {@code 304} with the response's headers and no body.
 * Responses that already carry an ETag (deep ETags), that are not {@code 200}, that say
 * {@code no-store}, that stream (see {@link HashingResponseWrapper}), or that outgrow the buffer
 * are left alone. Runs on the request and on its forwards: a forwarded response is answered as
 * the forward ends, before the container finishes it. A write without a required {@code If-Match}
 * is not refused here, in front of the application's security, but by {@link IfMatchRequirement}
 * as the request reaches its handler, so that a client that may not write learns nothing of it.
 */
final class EtagFilter implements Filter {

	private static final EncodedHeaderName ETAG = EncodedHeaderName.of(HttpHeaders.ETAG);

	private final PathPatterns paths;

	/** Whether the server compresses responses ({@code server.compression.enabled}). */
	private final boolean compression;

	private final boolean weak;

	private final int maxBuffer;

	private final @Nullable ProblemResponseWriter problems;

	EtagFilter(PathPatterns paths, boolean weak, int maxBuffer, @Nullable ProblemResponseWriter problems,
			boolean compression) {
		this.paths = paths;
		this.compression = compression;
		this.weak = weak;
		this.maxBuffer = maxBuffer;
		this.problems = problems;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (request.getDispatcherType() == DispatcherType.FORWARD) {
			chain.doFilter(request, response);
			// Tomcat finishes a forwarded response as the forward returns: what is held must be out by then
			HashingResponseWrapper wrapper = HashingResponseWrapper.of(response);
			if (wrapper != null) {
				complete(wrapper);
			}
			return;
		}
		String method = request.getMethod();
		boolean read = "GET".equals(method) || "HEAD".equals(method);
		if (!read || !this.paths.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		// found by unwrapping the response (no request attribute: Tomcat copies its listeners on each set)
		HashingResponseWrapper wrapper = new HashingResponseWrapper(request, response, this.maxBuffer);
		boolean hideRange = hidesRange(request);
		boolean hideSince = hidesIfModifiedSince(request);
		HttpServletRequest shown = (hideRange || hideSince) ? new Shown(request, hideRange, hideSince) : request;
		chain.doFilter("HEAD".equals(method) ? new HeadAsGet(shown) : shown, wrapper);
		complete(wrapper);
	}

	/**
	 * Answers with what the wrapper held, once the body is whole: the body with its ETag, a
	 * {@code 304}, or, for a response that streamed or may not be tagged, the body as it is. Once
	 * per response: a forward completes it before the request does.
	 */
	private void complete(HashingResponseWrapper wrapper) throws IOException {
		if (!wrapper.complete()) {
			return;
		}
		HttpServletRequest request = wrapper.request();
		HttpServletResponse response = (HttpServletResponse) wrapper.getResponse();
		if (!wrapper.passedThrough() && !request.isAsyncStarted() && !eligible(response)
				&& response.getStatus() == HttpServletResponse.SC_OK && response.containsHeader(HttpHeaders.ETAG)
				&& hidesIfModifiedSince(request) && notModifiedSince(request, response)) {
			// a deep ETag, answered in full as the If-Modified-Since it did not see asked
			notModified(wrapper, response);
			return;
		}
		if (wrapper.passedThrough() || request.isAsyncStarted() || !eligible(response)) {
			wrapper.passThrough();
			if (request.isAsyncStarted()) {
				// written on another thread from now on: what the wrapper's writer holds when the
				// application completes without a flush goes out then (the container flushes only
				// its own writer)
				AsyncCompletion.whenComplete(request, wrapper::flushWriter);
			}
			return;
		}
		if (request.getHeader(HttpHeaders.IF_MATCH) != null) {
			EntityTags ifMatch = EntityTags.parse(Collections.list(request.getHeaders(HttpHeaders.IF_MATCH)));
			if (Preconditions.evaluate(request.getMethod(), ifMatch, null, null, null, new ETag(wrapper.hash(), this.weak),
					null, true) == Precondition.FAILED) {
				// RFC 9110 §13.2.2: If-Match first, whatever the method; the answer that failed it
				// is not sent, nor its caching (a 412 kept by a cache would answer plain reads)
				wrapper.discardBody();
				response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
				preconditionFailed(request, response, ifMatch.isMalformed());
				return;
			}
		}
		ETAG.set(response, wrapper.etag(this.weak));
		if ((request.getHeader(HttpHeaders.IF_NONE_MATCH) != null) ? notModified(request, wrapper)
				: hidesIfModifiedSince(request) && notModifiedSince(request, response)) {
			notModified(wrapper, response);
			return;
		}
		wrapper.writeBody();
	}

	private static void notModified(HashingResponseWrapper wrapper, HttpServletResponse response) throws IOException {
		wrapper.discardBody();
		response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
		response.setContentLength(-1);
	}

	/**
	 * Whether the application is shown the request without its {@code Range} (and
	 * {@code If-Range}), to answer it whole, as RFC 9110 §14.2 lets a server: when the request has a
	 * validator this filter evaluates on the whole answer only ({@code If-Range},
	 * {@code If-None-Match}, {@code If-Match}, {@code If-Modified-Since},
	 * {@code If-Unmodified-Since}: a {@code 206} would pass by them), and when the server compresses
	 * responses and the client accepts a coding, since the container compresses a {@code 206} slice
	 * counted in identity bytes ({@code Content-Range} then describes no representation). A range
	 * asked for without either (a download resumed, a media player seeking, which refuse codings
	 * with {@code identity;q=1, *;q=0}) is still answered in part.
	 */
	private boolean hidesRange(HttpServletRequest request) {
		if (request.getHeader(HttpHeaders.RANGE) == null) {
			// an If-Range alone asks for nothing (RFC 9110 §13.1.5): one header looked up per read
			return false;
		}
		return request.getHeader(HttpHeaders.IF_RANGE) != null || request.getHeader(HttpHeaders.IF_NONE_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
				|| request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null
				|| (this.compression && acceptsGzip(request));
	}

	/**
	 * Whether the request's {@code Accept-Encoding} accepts {@code gzip}, by name or as {@code *},
	 * with a weight above 0 (RFC 9110 §12.5.3): a client that may be sent a compressed answer. A
	 * weight that cannot be read counts as accepting: it costs the client no more than the range.
	 * @param request the request
	 * @return whether a compressed answer may be sent
	 */
	static boolean acceptsGzip(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(HttpHeaders.ACCEPT_ENCODING);
		while (values != null && values.hasMoreElements()) {
			for (String member : values.nextElement().split(",")) {
				int semicolon = member.indexOf(';');
				String coding = ((semicolon < 0) ? member : member.substring(0, semicolon)).strip();
				if ((coding.equalsIgnoreCase("gzip") || coding.equals("*"))
						&& (semicolon < 0 || weight(member.substring(semicolon + 1)) > 0)) {
					return true;
				}
			}
		}
		return false;
	}

	/** The {@code q} of a member's parameters: 1 without one, 1 if it cannot be read. */
	private static double weight(String parameters) {
		for (String parameter : parameters.split(";")) {
			String name = parameter.strip();
			if (name.length() > 1 && (name.charAt(0) == 'q' || name.charAt(0) == 'Q') && name.charAt(1) == '=') {
				try {
					return Double.parseDouble(name.substring(2).strip());
				}
				catch (NumberFormatException ex) {
					return 1;
				}
			}
		}
		return 1;
	}

	/**
	 * Whether the application is shown the request without its {@code If-Modified-Since}: when it
	 * has no {@code If-None-Match}, which would take precedence. The application then writes the
	 * whole answer, whose ETag a {@code 304} must carry (RFC 9110 §15.4.5), and this filter answers
	 * the date: Spring's static resources and {@code checkNotModified} would answer {@code 304}
	 * without a body to hash.
	 */
	private static boolean hidesIfModifiedSince(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
				&& request.getHeader(HttpHeaders.IF_NONE_MATCH) == null;
	}

	/** Whether the response's Last-Modified is no later than the request's If-Modified-Since. */
	private static boolean notModifiedSince(HttpServletRequest request, HttpServletResponse response) {
		String lastModified = response.getHeader(HttpHeaders.LAST_MODIFIED);
		Instant since = Preconditions.parseDate(Collections.list(request.getHeaders(HttpHeaders.IF_MODIFIED_SINCE)));
		return lastModified != null && since != null && Preconditions.evaluate(request.getMethod(), null, null, since,
				null, null, HttpDates.parse(lastModified), true) == Precondition.NOT_MODIFIED;
	}

	private boolean notModified(HttpServletRequest request, HashingResponseWrapper wrapper) {
		EntityTags ifNoneMatch = EntityTags.parse(Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)));
		ETag etag = new ETag(wrapper.hash(), this.weak);
		return Preconditions.evaluate(request.getMethod(), null, ifNoneMatch, null, null, etag, null,
				true) == Precondition.NOT_MODIFIED;
	}

	private static boolean eligible(HttpServletResponse response) {
		if (response.isCommitted() || response.getStatus() != HttpServletResponse.SC_OK
				|| response.containsHeader(HttpHeaders.ETAG)) {
			return false;
		}
		return !response.containsHeader(HttpHeaders.CACHE_CONTROL) || !saysNoStore(response);
	}

	/**
	 * Whether any {@code Cache-Control} line of the response says {@code no-store}, in any case
	 * (directive names are case-insensitive, RFC 9111 §5.2).
	 */
	private static boolean saysNoStore(HttpServletResponse response) {
		for (String line : response.getHeaders(HttpHeaders.CACHE_CONTROL)) {
			if (line != null && containsIgnoreCase(line, "no-store")) {
				return true;
			}
		}
		return false;
	}

	private static boolean containsIgnoreCase(String text, String part) {
		for (int i = 0; i + part.length() <= text.length(); i++) {
			if (text.regionMatches(true, i, part, 0, part.length())) {
				return true;
			}
		}
		return false;
	}

	private void preconditionFailed(HttpServletRequest request, HttpServletResponse response, boolean malformed)
			throws IOException {
		String detail = malformed
				? "If-Match is not a list of entity tags: send the ETag you last read exactly as it was given, quotes included."
				: "The resource has changed since you read it: read it again, then retry with its new ETag.";
		ProblemResponseWriter.refuse(this.problems, request, response, ErrorCode.PRECONDITION_FAILED, detail);
	}

	/**
	 * The request as the application is shown it: without {@code Range} when it has
	 * {@code If-Range}, and without {@code If-Modified-Since} when this filter answers it (see
	 * {@link #hidesIfModifiedSince}). A request with {@code If-Range} gets the whole representation
	 * ({@code 200}): whether its validator names the current representation can only be known once
	 * the whole body is hashed (or, for a date, once the application says when it last changed),
	 * and a {@code 206} of another representation than the client's, spliced onto its bytes,
	 * corrupts them. RFC 9110 §14.2 lets a server ignore {@code Range}; Spring's resource handler
	 * never looks at {@code If-Range}.
	 */
	private static final class Shown extends HttpServletRequestWrapper {

		private final boolean hideRange;

		private final boolean hideSince;

		Shown(HttpServletRequest request, boolean hideRange, boolean hideSince) {
			super(request);
			this.hideRange = hideRange;
			this.hideSince = hideSince;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(this::hidden);
			return Collections.enumeration(names);
		}

		@Override
		public long getDateHeader(String name) {
			return hidden(name) ? -1 : super.getDateHeader(name);
		}

		@Override
		public int getIntHeader(String name) {
			return hidden(name) ? -1 : super.getIntHeader(name);
		}

		private boolean hidden(String name) {
			return (this.hideRange
					&& (HttpHeaders.RANGE.equalsIgnoreCase(name) || HttpHeaders.IF_RANGE.equalsIgnoreCase(name)))
					|| (this.hideSince && HttpHeaders.IF_MODIFIED_SINCE.equalsIgnoreCase(name));
		}

	}

	/**
	 * A {@code HEAD} shown to the application as the {@code GET} it stands for (RFC 9110 §9.3.2),
	 * so that the body is written and hashed, and {@code HEAD} carries the ETag and Content-Length
	 * of {@code GET}: Spring's static resource handler would otherwise answer {@code HEAD}
	 * without its body. Tomcat still sends no body, as the request on the wire is a {@code HEAD}.
	 */
	private static final class HeadAsGet extends HttpServletRequestWrapper {

		HeadAsGet(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getMethod() {
			return "GET";
		}

	}

}
