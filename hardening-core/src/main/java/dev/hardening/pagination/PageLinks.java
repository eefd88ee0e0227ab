package dev.hardening.pagination;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * RFC 8288 {@code Link} field values between pages, as relative references built from the
 * request's path and query: the page parameters are replaced, every other parameter is kept in
 * its place, and everything is percent-encoded again, so that nothing a client sent can break the
 * header. Every link repeats the query, so a long query makes a long field: the field is bounded,
 * keeping {@code next}, then {@code prev}, {@code first} and {@code last} while they fit, and is
 * empty when not even one fits (the body still says where the next page is).
 *
 * <pre>{@code
 * PageLinks.offset("/projects", "status=ACTIVE&page=2&size=20", page, 1, "page", "size");
 * // </projects?status=ACTIVE&page=1&size=20>; rel="first", </projects?status=ACTIVE&page=1&size=20>; rel="prev", ...
 * }</pre>
 */
public final class PageLinks {

	/** The bound of the methods that take none: half of Tomcat's default response header buffer. */
	public static final int DEFAULT_MAX_LENGTH = 4096;

	private static final String HEX = "0123456789ABCDEF";

	private static final String SEPARATOR = ", ";

	private PageLinks() {
	}

	/**
	 * Links of an offset page, at most {@link #DEFAULT_MAX_LENGTH} characters.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param firstPage the number of the first page
	 * @param pageParameter the page parameter's name
	 * @param sizeParameter the size parameter's name
	 * @return the field value, empty when no link fits
	 * @see #offset(String, String, OffsetPage, int, String, String, int)
	 */
	public static String offset(String path, @Nullable String query, OffsetPage<?> page, int firstPage,
			String pageParameter, String sizeParameter) {
		return offset(path, query, page, firstPage, pageParameter, sizeParameter, DEFAULT_MAX_LENGTH);
	}

	/**
	 * Links of an offset page: {@code first}, {@code prev} and {@code next} where they exist, and
	 * {@code last} when the page is counted, as many as fit in {@code maxLength}.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param firstPage the number of the first page
	 * @param pageParameter the page parameter's name
	 * @param sizeParameter the size parameter's name
	 * @param maxLength the longest field value to return
	 * @return the field value, empty when no link fits
	 */
	public static String offset(String path, @Nullable String query, OffsetPage<?> page, int firstPage,
			String pageParameter, String sizeParameter, int maxLength) {
		String target = target(path, parameters(query, Set.of(pageParameter, sizeParameter)));
		if (target.length() > maxLength) {
			return "";
		}
		String size = '&' + encode(sizeParameter) + '=' + page.size();
		String pageName = encode(pageParameter);
		String first = link(target, pageName, Integer.toString(firstPage), size, "first");
		String prev = page.hasPrevious() ? link(target, pageName, Integer.toString(page.page() - 1), size, "prev")
				: null;
		String next = page.hasNext() ? link(target, pageName, Integer.toString(page.page() + 1), size, "next") : null;
		String last = null;
		if (page.totalPages() != null) {
			long lastPage = Math.max(0, page.totalPages() - 1) + firstPage;
			last = link(target, pageName, Long.toString(lastPage), size, "last");
		}
		return bounded(maxLength, first, prev, next, last);
	}

	/**
	 * Links of a cursor page, at most {@link #DEFAULT_MAX_LENGTH} characters.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param cursorParameter the cursor parameter's name
	 * @return the field value, empty when no link fits
	 * @see #cursor(String, String, CursorPage, String, int)
	 */
	public static String cursor(String path, @Nullable String query, CursorPage<?> page, String cursorParameter) {
		return cursor(path, query, page, cursorParameter, DEFAULT_MAX_LENGTH);
	}

	/**
	 * Links of a cursor page: {@code first} (no cursor), and {@code prev} and {@code next} where
	 * they exist, as many as fit in {@code maxLength}.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param cursorParameter the cursor parameter's name
	 * @param maxLength the longest field value to return
	 * @return the field value, empty when no link fits
	 */
	public static String cursor(String path, @Nullable String query, CursorPage<?> page, String cursorParameter,
			int maxLength) {
		String target = target(path, parameters(query, Set.of(cursorParameter)));
		if (target.length() > maxLength) {
			return "";
		}
		String name = encode(cursorParameter);
		String first = link(target, null, null, "", "first");
		String prev = (page.prevCursor() != null) ? link(target, name, page.prevCursor(), "", "prev") : null;
		String next = (page.nextCursor() != null) ? link(target, name, page.nextCursor(), "", "next") : null;
		return bounded(maxLength, first, prev, next, null);
	}

	/** The links that fit, taken by importance (next, prev, first, last), written in page order. */
	private static String bounded(int maxLength, @Nullable String first, @Nullable String prev,
			@Nullable String next, @Nullable String last) {
		String[] ordered = { first, prev, next, last };
		boolean[] kept = new boolean[4];
		int length = 0;
		for (int index : new int[] { 2, 1, 0, 3 }) {
			String link = ordered[index];
			if (link != null) {
				int added = (length == 0) ? link.length() : length + SEPARATOR.length() + link.length();
				if (added <= maxLength) {
					kept[index] = true;
					length = added;
				}
			}
		}
		StringBuilder links = new StringBuilder(length);
		for (int i = 0; i < 4; i++) {
			if (kept[i]) {
				if (!links.isEmpty()) {
					links.append(SEPARATOR);
				}
				links.append(ordered[i]);
			}
		}
		return links.toString();
	}

	/** {@code <path?kept}, encoded once and shared by every link. */
	private static String target(String path, List<String[]> kept) {
		StringBuilder target = new StringBuilder(path.length() + 16 * kept.size() + 8).append('<');
		encodePath(path, target);
		char separator = '?';
		for (String[] parameter : kept) {
			target.append(separator).append(encode(parameter[0])).append('=').append(encode(parameter[1]));
			separator = '&';
		}
		return target.toString();
	}

	private static String link(String target, @Nullable String name, @Nullable String value, String more,
			String rel) {
		StringBuilder link = new StringBuilder(target.length() + 48).append(target);
		// the path's own '?' is escaped, so a '?' in the target opens the kept query
		char separator = (target.indexOf('?') >= 0) ? '&' : '?';
		if (name != null && value != null) {
			link.append(separator).append(name).append('=').append(encode(value));
			separator = '&';
		}
		if (!more.isEmpty()) {
			link.append(separator).append(more, 1, more.length());
		}
		return link.append(">; rel=\"").append(rel).append('"').toString();
	}
	/** The query's parameters in order, decoded, without those to replace. */
	private static List<String[]> parameters(@Nullable String query, Set<String> replaced) {
		List<String[]> parameters = new ArrayList<>();
		if (query == null || query.isEmpty()) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (!replaced.contains(name)) {
				parameters.add(new String[] { name, value });
			}
		}
		return parameters;
	}

	private static String decode(String raw) {
		try {
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a stray '%': keep the text as sent; encode() makes it safe
			return raw;
		}
	}

	/** Percent-encodes all but RFC 3986 unreserved characters. */
	static String encode(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append(c);
			}
			else {
				out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
			}
		}
		return out.toString();
	}

	/**
	 * Keeps a received path as it is where it is a valid RFC 3986 path, escaping the rest, a
	 * {@code %} not followed by two hex digits included.
	 */
	private static void encodePath(String path, StringBuilder out) {
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			byte b = bytes[i];
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/".indexOf(c) >= 0
					|| (c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]))) {
				out.append(c);
			}
			else {
				out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
			}
		}
	}

	private static boolean isHex(byte b) {
		return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
	}

}
