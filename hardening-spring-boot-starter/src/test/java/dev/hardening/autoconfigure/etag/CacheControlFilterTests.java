package dev.hardening.autoconfigure.etag;

import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlFilterTests {

	private static final List<CacheControlFilter.Rule> RULES = List.of(new CacheControlFilter.Rule(
			PathPatterns.of(List.of("/reference/**"), "rules", List.of(), ""), "private, max-age=300"));

	@Test
	void aRuleAppliesToReadsItMatchesAndAnErrorReplacesIt() throws Exception {
		CacheControlFilter filter = new CacheControlFilter(RULES, "no-store", false);

		assertThat(run(filter, "GET", "/reference/1", 200).getHeader("Cache-Control")).isEqualTo("private, max-age=300");
		assertThat(run(filter, "GET", "/reference/1", 404).getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(run(filter, "PUT", "/reference/1", 200).getHeader("Cache-Control")).isNull();
		assertThat(run(filter, "GET", "/other", 200).getHeader("Cache-Control")).isNull();
	}

	@Test
	void aNotModifiedVariesByEncodingOnlyWhenTheServerCompresses() throws Exception {
		assertThat(run(new CacheControlFilter(RULES, null, true), "GET", "/reference/1", 304).getHeaders("Vary"))
			.containsExactly("Accept-Encoding");
		assertThat(run(new CacheControlFilter(RULES, null, false), "GET", "/reference/1", 304).getHeaders("Vary"))
			.isEmpty();
		assertThat(run(new CacheControlFilter(RULES, null, true), "GET", "/reference/1", 200).getHeaders("Vary"))
			.isEmpty();
	}

	@Test
	void aVaryTheApplicationSetIsKept() throws Exception {
		CacheControlFilter filter = new CacheControlFilter(RULES, null, true);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reference/1");
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(request, response, statusAfterVary("origin, accept-encoding"));

		assertThat(response.getHeaders("Vary")).containsExactly("origin, accept-encoding");
	}

	@Test
	void cachingHeadersWrittenLateAsSpringSecurityDoesAreKeptOnAnError() throws Exception {
		CacheControlFilter filter = new CacheControlFilter(List.of(), "no-store", false);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/1");
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(request, response, (req, res) -> {
			HttpServletResponse http = (HttpServletResponse) res;
			http.setStatus(404);
			writeCachingHeadersIfNoneAsSpringSecurityDoes(http);
			http.getOutputStream().write("{}".getBytes());
		});

		assertThat(response.getHeaders("Cache-Control")).containsExactly("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(response.getHeaders("Pragma")).containsExactly("no-cache");
		assertThat(response.getHeaders("Expires")).containsExactly("0");
	}

	@Test
	void anErrorIsMarkedNoStoreBeforeWhatCommitsIt() throws Exception {
		CacheControlFilter filter = new CacheControlFilter(List.of(), "no-store", false);

		assertThat(cacheControlSeenAtCommit(filter, (http) -> http.sendError(503))).isEqualTo("no-store");
		assertThat(cacheControlSeenAtCommit(filter, HttpServletResponse::flushBuffer)).isEqualTo("no-store");
		assertThat(cacheControlSeenAtCommit(filter, (http) -> http.getOutputStream().flush())).isEqualTo("no-store");
		assertThat(cacheControlSeenAtCommit(filter, (http) -> http.getWriter().flush())).isEqualTo("no-store");
		assertThat(cacheControlSeenAtCommit(filter, (http) -> http.getOutputStream().write(new byte[http.getBufferSize() + 1])))
			.isEqualTo("no-store");
	}

	@Test
	void anErrorWithAnExpiresOrPragmaOfItsOwnGetsNoCacheControl() throws Exception {
		CacheControlFilter filter = new CacheControlFilter(RULES, "no-store", false);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/other");
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(request, response, (req, res) -> {
			HttpServletResponse http = (HttpServletResponse) res;
			http.setStatus(404);
			http.setHeader("Pragma", "no-cache");
		});

		assertThat(response.getHeader("Cache-Control")).isNull();
	}

	/**
	 * What Spring Security's {@code CacheControlHeadersWriter} does when the response commits:
	 * its three headers, unless any of them is already there.
	 */
	private static void writeCachingHeadersIfNoneAsSpringSecurityDoes(HttpServletResponse response) {
		if (response.getHeader("Cache-Control") == null && response.getHeader("Expires") == null
				&& response.getHeader("Pragma") == null) {
			response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
			response.setHeader("Pragma", "no-cache");
			response.setHeader("Expires", "0");
		}
	}

	/** Runs a 404 through the filter and returns the Cache-Control the response had when it committed. */
	private static String cacheControlSeenAtCommit(CacheControlFilter filter, Committer committer) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/1");
		String[] seen = new String[1];
		MockHttpServletResponse response = new MockHttpServletResponse() {

			@Override
			public void setCommitted(boolean committed) {
				if (committed && !isCommitted()) {
					seen[0] = getHeader("Cache-Control");
				}
				super.setCommitted(committed);
			}

		};
		filter.doFilter(request, response, (req, res) -> {
			HttpServletResponse http = (HttpServletResponse) res;
			http.setStatus(404);
			committer.commit(http);
		});
		assertThat(response.isCommitted()).isTrue();
		return seen[0];
	}

	@FunctionalInterface
	private interface Committer {

		void commit(HttpServletResponse response) throws java.io.IOException;

	}

	private static FilterChain statusAfterVary(String vary) {
		return (request, response) -> {
			HttpServletResponse http = (HttpServletResponse) response;
			http.setHeader("Vary", vary);
			http.setStatus(304);
		};
	}

	private static MockHttpServletResponse run(CacheControlFilter filter, String method, String path, int status)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> ((HttpServletResponse) res).setStatus(status));
		return response;
	}

}
