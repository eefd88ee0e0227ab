package dev.hardening.etag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.hardening.web.HttpDates;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a request's preconditions in the order of RFC 9110 §13.2.2: {@code If-Match}, then
 * {@code If-Unmodified-Since}, then {@code If-None-Match}, then {@code If-Modified-Since}.
 *
 * <p>A malformed {@code If-Match} fails (an update must not go ahead on a condition nobody can
 * read); a malformed {@code If-None-Match} is ignored on {@code GET} and {@code HEAD} (the full
 * response is always a correct answer there) and fails on other methods. Dates that are not valid
 * HTTP-dates are ignored, as the RFC requires (§13.1.3, §13.1.4).
 */
public final class Preconditions {

	private Preconditions() {
	}

	/**
	 * Evaluates the preconditions of a request against the current state of its target.
	 * @param method the request method
	 * @param ifMatch the {@code If-Match} field, or {@code null} if absent
	 * @param ifNoneMatch the {@code If-None-Match} field, or {@code null} if absent
	 * @param ifModifiedSince the {@code If-Modified-Since} date, or {@code null} if absent or
	 * invalid
	 * @param ifUnmodifiedSince the {@code If-Unmodified-Since} date, or {@code null} if absent or
	 * invalid
	 * @param current the current representation's entity tag, or {@code null} if unknown
	 * @param lastModified when the target last changed, or {@code null} if unknown
	 * @param exists whether the target currently has a representation
	 * @return what to do
	 */
	public static Precondition evaluate(String method, @Nullable EntityTags ifMatch, @Nullable EntityTags ifNoneMatch,
			@Nullable Instant ifModifiedSince, @Nullable Instant ifUnmodifiedSince, @Nullable ETag current,
			@Nullable Instant lastModified, boolean exists) {
		boolean read = "GET".equals(method) || "HEAD".equals(method);
		if (ifMatch != null) {
			boolean holds = !ifMatch.isMalformed()
					&& (ifMatch.isAny() ? exists : (current != null && ifMatch.anyStrongMatch(current)));
			if (!holds) {
				return Precondition.FAILED;
			}
		}
		else if (ifUnmodifiedSince != null && lastModified != null
				&& seconds(lastModified).isAfter(ifUnmodifiedSince)) {
			return Precondition.FAILED;
		}
		if (ifNoneMatch != null && ifNoneMatch.isMalformed() && !read) {
			return Precondition.FAILED;
		}
		if (ifNoneMatch != null && !ifNoneMatch.isMalformed()) {
			boolean matches = ifNoneMatch.isAny() ? exists : (current != null && ifNoneMatch.anyWeakMatch(current));
			if (matches) {
				return read ? Precondition.NOT_MODIFIED : Precondition.FAILED;
			}
			// If-Modified-Since is not consulted when If-None-Match is present
			return Precondition.PROCEED;
		}
		if (read && ifModifiedSince != null && lastModified != null && !seconds(lastModified).isAfter(ifModifiedSince)) {
			return Precondition.NOT_MODIFIED;
		}
		return Precondition.PROCEED;
	}

	/**
	 * Parses an HTTP-date in any of the three forms a recipient must accept (RFC 9110 §5.6.7).
	 * @param lines the field's lines; a field that repeats is invalid
	 * @return the date, or {@code null} if absent or not a valid HTTP-date
	 */
	public static @Nullable Instant parseDate(List<String> lines) {
		if (lines.size() != 1) {
			return null;
		}
		return HttpDates.parse(lines.get(0));
	}

	/** HTTP-dates have a resolution of one second. */
	private static Instant seconds(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS);
	}

}
