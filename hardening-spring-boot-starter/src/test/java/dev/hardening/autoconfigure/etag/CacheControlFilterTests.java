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
