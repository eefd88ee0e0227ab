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
 * header.
 *
 * <pre>{@code
 * PageLinks.offset("/projects", "status=ACTIVE&page=2&size=20", page, 1, "page", "size");
 * // </projects?status=ACTIVE&page=1&size=20>; rel="first", </projects?status=ACTIVE&page=1&size=20>; rel="prev", ...
 * }</pre>
 */
public final class PageLinks {

	private static final String HEX = "0123456789ABCDEF";

	private PageLinks() {
	}

	/**
	 * Links of an offset page: {@code first}, {@code prev} and {@code next} where they exist, and
	 * {@code last} when the page is counted.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param firstPage the number of the first page
	 * @param pageParameter the page parameter's name
	 * @param sizeParameter the size parameter's name
	 * @return the field value
	 */
	public static String offset(String path, @Nullable String query, OffsetPage<?> page, int firstPage,
			String pageParameter, String sizeParameter) {
		List<String[]> kept = parameters(query, Set.of(pageParameter, sizeParameter));
		String size = Integer.toString(page.size());
		List<String> links = new ArrayList<>(4);
		links.add(link(path, kept, "first", pageParameter, Integer.toString(firstPage), sizeParameter, size));
		if (page.hasPrevious()) {
			links.add(link(path, kept, "prev", pageParameter, Integer.toString(page.page() - 1), sizeParameter, size));
		}
		if (page.hasNext()) {
			links.add(link(path, kept, "next", pageParameter, Integer.toString(page.page() + 1), sizeParameter, size));
		}
		if (page.totalPages() != null) {
			long last = Math.max(0, page.totalPages() - 1) + firstPage;
			links.add(link(path, kept, "last", pageParameter, Long.toString(last), sizeParameter, size));
		}
		return String.join(", ", links);
	}

	/**
	 * Links of a cursor page: {@code first} (no cursor), and {@code prev} and {@code next} where
	 * they exist.
	 * @param path the request path, as received
	 * @param query the raw query string, or {@code null}
	 * @param page the page
	 * @param cursorParameter the cursor parameter's name
	 * @return the field value
	 */
	public static String cursor(String path, @Nullable String query, CursorPage<?> page, String cursorParameter) {
		List<String[]> kept = parameters(query, Set.of(cursorParameter));
		List<String> links = new ArrayList<>(3);
		links.add(link(path, kept, "first", null, null, null, null));
		if (page.prevCursor() != null) {
			links.add(link(path, kept, "prev", cursorParameter, page.prevCursor(), null, null));
		}
		if (page.nextCursor() != null) {
			links.add(link(path, kept, "next", cursorParameter, page.nextCursor(), null, null));
		}
		return String.join(", ", links);
	}

	private static String link(String path, List<String[]> kept, String rel, @Nullable String name1,
			@Nullable String value1, @Nullable String name2, @Nullable String value2) {
		StringBuilder target = new StringBuilder("<").append(encodePath(path));
		char separator = '?';
		for (String[] parameter : kept) {
			target.append(separator).append(encode(parameter[0])).append('=').append(encode(parameter[1]));
			separator = '&';
		}
		if (name1 != null && value1 != null) {
			target.append(separator).append(encode(name1)).append('=').append(encode(value1));
			separator = '&';
		}
		if (name2 != null && value2 != null) {
			target.append(separator).append(encode(name2)).append('=').append(encode(value2));
		}
		return target.append(">; rel=\"").append(rel).append('"').toString();
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

	/** Keeps a received path as it is, escaping only what may not appear in a URI reference. */
	private static String encodePath(String path) {
		StringBuilder out = new StringBuilder(path.length());
		for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if (c > 0x20 && c < 0x7F && "<>\"{}|\\^`".indexOf(c) < 0) {
				out.append(c);
			}
			else {
				out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
			}
		}
		return out.toString();
	}

}
