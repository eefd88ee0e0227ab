package dev.hardening.autoconfigure.error;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code Accept} header for the one question errors ask: does this client prefer an
 * HTML page to a problem? It does when it names {@code text/html} (or
 * {@code application/xhtml+xml}) with a higher quality than anything a problem can be written as
 * ({@code application/json}, {@code application/problem+json}, any {@code +json},
 * {@code application/*} and {@code *}{@code /*}), or the same quality and earlier, as browsers do
 * for pages. A client that sends no {@code Accept}, {@code *}{@code /*} or JSON is an API client.
 * Wildcards never count as HTML. An element whose {@code q} is not a valid quality value (RFC 9110
 * §12.4.2: 0 to 1, at most three decimals) is ignored, and so is everything that is not a media
 * range, so that no header, however long or malformed, fails: it only has no HTML in it. Linear
 * in the header's length, which the container bounds; asked on errors only.
 */
final class AcceptHeader {

	private AcceptHeader() {
	}

	/**
	 * Tells whether a client prefers an HTML page.
	 * @param values the request's {@code Accept} header values, or {@code null}
	 * @return {@code true} for a browser asking for a page
	 */
	static boolean prefersHtml(@Nullable Enumeration<String> values) {
		if (values == null) {
			return false;
		}
		Preference preference = new Preference();
		while (values.hasMoreElements()) {
			String value = values.nextElement();
			if (value != null) {
				read(value, preference);
			}
		}
		return preference.prefersHtml();
	}

	/**
	 * Tells whether a client prefers an HTML page.
	 * @param value one {@code Accept} header value, or {@code null}
	 * @return {@code true} for a browser asking for a page
	 */
	static boolean prefersHtml(@Nullable String value) {
		return prefersHtml((value != null) ? Collections.enumeration(List.of(value)) : null);
	}

	private static void read(String value, Preference preference) {
		int start = 0;
		while (start <= value.length()) {
			int end = value.indexOf(',', start);
			if (end < 0) {
				end = value.length();
			}
			element(value, start, end, preference);
			start = end + 1;
		}
	}

	private static void element(String value, int start, int end, Preference preference) {
		int rangeEnd = indexOf(value, ';', start, end);
		String range = value.substring(start, rangeEnd).strip().toLowerCase(Locale.ROOT);
		if (range.isEmpty()) {
			return;
		}
		int quality = (rangeEnd < end) ? quality(value, rangeEnd + 1, end) : 1000;
		if (quality < 0) {
			return;
		}
		preference.position++;
		if (range.equals("text/html") || range.equals("application/xhtml+xml")) {
			preference.html(quality);
		}
		else if (isProblemRange(range)) {
			preference.problem(quality);
		}
	}

	private static boolean isProblemRange(String range) {
		return range.equals("*/*") || range.equals("application/*") || range.equals("application/json")
				|| range.equals("application/problem+json") || (range.startsWith("application/") && range.endsWith("+json"));
	}

	/**
	 * The quality in thousandths of the parameters between {@code start} and {@code end}: 1000
	 * without a {@code q}, -1 when the {@code q} is not a valid quality value.
	 */
	private static int quality(String value, int start, int end) {
		int quality = 1000;
		int position = start;
		while (position < end) {
			int next = indexOf(value, ';', position, end);
			int equals = indexOf(value, '=', position, next);
			if (equals < next && value.substring(position, equals).strip().equalsIgnoreCase("q")) {
				quality = qvalue(value.substring(equals + 1, next).strip());
				if (quality < 0) {
					return -1;
				}
			}
			position = next + 1;
		}
		return quality;
	}

	/** The first {@code c} between {@code from} and {@code to}, else {@code to}: never past an element. */
	private static int indexOf(String value, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (value.charAt(i) == c) {
				return i;
			}
		}
		return to;
	}

	/** RFC 9110's {@code qvalue}: "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ], in thousandths. */
	static int qvalue(String text) {
		int length = text.length();
		if (length == 0 || length > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
			return -1;
		}
		int whole = text.charAt(0) - '0';
		if (length == 1) {
			return whole * 1000;
		}
		if (text.charAt(1) != '.') {
			return -1;
		}
		int thousandths = 0;
		for (int i = 2; i < 5; i++) {
			thousandths *= 10;
			if (i < length) {
				char digit = text.charAt(i);
				if (digit < '0' || digit > '9') {
					return -1;
				}
				thousandths += digit - '0';
			}
		}
		if (whole == 1 && thousandths > 0) {
			return -1;
		}
		return whole * 1000 + thousandths;
	}

	/**
	 * The best quality seen for each side, in thousandths (-1 for none), and the position of the
	 * first element that gave it.
	 */
	private static final class Preference {

		int position;

		private int html = -1;

		private int htmlPosition;

		private int problem = -1;

		private int problemPosition;

		void html(int quality) {
			if (quality > this.html) {
				this.html = quality;
				this.htmlPosition = this.position;
			}
		}

		void problem(int quality) {
			if (quality > this.problem) {
				this.problem = quality;
				this.problemPosition = this.position;
			}
		}

		boolean prefersHtml() {
			return this.html > 0 && (this.html > this.problem
					|| (this.html == this.problem && this.htmlPosition < this.problemPosition));
		}

	}

}
