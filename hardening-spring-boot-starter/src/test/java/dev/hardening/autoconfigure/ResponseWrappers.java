package dev.hardening.autoconfigure;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Response wrappers for properties that run two paths side by side, each recording the calls it
 * watches into a list, so that both paths can be held to the same calls seen.
 */
public final class ResponseWrappers {

	/** The name kind 4 does not pass. */
	private static final String WATCHED = "Referrer-Policy";

	/** The name kind 6 hides from {@code getHeader} and {@code containsHeader}. */
	private static final String HIDDEN = "X-Frame-Options";

	private ResponseWrappers() {
	}

	/**
	 * Wraps a response: 0 plain, 1 watching add, 2 watching contains, 3 watching get, 4 passing
	 * all but Referrer-Policy, 5 the starter's own base class, 6 hiding X-Frame-Options.
	 * @param response the response
	 * @param kinds the wrappers, innermost first
	 * @param seen where the wrappers note the calls they watch
	 * @return the outermost wrapper
	 */
	public static HttpServletResponse wrap(HttpServletResponse response, List<Integer> kinds, List<String> seen) {
		HttpServletResponse wrapped = response;
		int depth = 0;
		for (int kind : kinds) {
			String tag = kind + "@" + depth++;
			wrapped = switch (kind) {
				case 0 -> new HttpServletResponseWrapper(wrapped);
				case 1 -> new HttpServletResponseWrapper(wrapped) {
					@Override
					public void addHeader(String name, String value) {
						seen.add(tag + " add " + name + "=" + value);
						super.addHeader(name, value);
					}
				};
				case 2 -> new HttpServletResponseWrapper(wrapped) {
					@Override
					public boolean containsHeader(String name) {
						seen.add(tag + " contains " + name);
						return super.containsHeader(name);
					}
				};
				case 3 -> new HttpServletResponseWrapper(wrapped) {
					@Override
					public String getHeader(String name) {
						seen.add(tag + " get " + name);
						return super.getHeader(name);
					}
				};
				case 4 -> new EncodedHeaderNameEquivalencePropertyTests.PassingAllBut(wrapped, WATCHED, tag, seen);
				case 5 -> new CommitAwareResponse(wrapped, false) {
					@Override
					protected void onCommit(int status) {
					}
				};
				default -> new HttpServletResponseWrapper(wrapped) {
					@Override
					public String getHeader(String name) {
						return HIDDEN.equalsIgnoreCase(name) ? null : super.getHeader(name);
					}

					@Override
					public boolean containsHeader(String name) {
						return !HIDDEN.equalsIgnoreCase(name) && super.containsHeader(name);
					}
				};
			};
		}
		return wrapped;
	}

}
