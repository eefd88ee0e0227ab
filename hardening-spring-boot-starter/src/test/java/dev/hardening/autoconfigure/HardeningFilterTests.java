package dev.hardening.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's filters run on the dispatches Spring's {@link OncePerRequestFilter} would run
 * them on, for the dispatcher types the starter registers them for, without the request attribute
 * it sets and removes around every request.
 */
class HardeningFilterTests {

	@Test
	void aRequestDispatchIsFilteredUnlessShouldNotFilterSaysSo() throws Exception {
		Recording filter = new Recording(false, false);

		assertThat(filter.run(DispatcherType.REQUEST, "/a")).isTrue();
		assertThat(filter.run(DispatcherType.REQUEST, "/skipped")).isFalse();
	}

	@Test
	void asyncAndErrorDispatchesArePassedOnUnlessTheFilterAsksForThemAsSpringsAre() throws Exception {
		Recording byDefault = new Recording(true, true);
		Recording asking = new Recording(false, false);

		assertThat(byDefault.run(DispatcherType.ASYNC, "/a")).isFalse();
		assertThat(byDefault.run(DispatcherType.ERROR, "/a")).isFalse();
		assertThat(asking.run(DispatcherType.ASYNC, "/a")).isTrue();
		assertThat(asking.run(DispatcherType.ERROR, "/a")).isTrue();
		assertThat(asking.run(DispatcherType.ERROR, "/skipped")).isFalse();
	}

	@Test
	void nestedForwardAndIncludeDispatchesArePassedOnUntouched() throws Exception {
		Recording asking = new Recording(false, false);

		assertThat(asking.run(DispatcherType.FORWARD, "/a")).isFalse();
		assertThat(asking.run(DispatcherType.INCLUDE, "/a")).isFalse();
	}

	@Test
	void theRequestGetsNoAttributeOfTheFilters() throws Exception {
		Recording filter = new Recording(false, false);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/a");
		List<String> during = new ArrayList<>();

		filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain() {

			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				during.addAll(Collections.list(req.getAttributeNames()));
			}

		});

		assertThat(during).isEmpty();
		assertThat(Collections.list(request.getAttributeNames())).isEmpty();
	}

	@Test
	void onlyHttpRequestsAreTaken() {
		Recording filter = new Recording(false, false);

		assertThatExceptionOfType(ServletException.class).isThrownBy(() -> filter.doFilter(
				new ServletRequestWrapper(new MockHttpServletRequest()), new MockHttpServletResponse(),
				new MockFilterChain()));
	}

	/** Notes whether its own work ran. */
	private static final class Recording extends HardeningFilter {

		private final boolean skipAsync;

		private final boolean skipError;

		private boolean ran;

		Recording(boolean skipAsync, boolean skipError) {
			this.skipAsync = skipAsync;
			this.skipError = skipError;
		}

		boolean run(DispatcherType type, String path) throws ServletException, IOException {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
			request.setDispatcherType(type);
			MockFilterChain chain = new MockFilterChain();
			this.ran = false;
			doFilter(request, new MockHttpServletResponse(), chain);
			// the chain goes on whether or not the filter's work ran
			assertThat(chain.getRequest()).isSameAs(request);
			return this.ran;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.ran = true;
			chain.doFilter(request, response);
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return request.getRequestURI().equals("/skipped");
		}

		@Override
		protected boolean shouldNotFilterAsyncDispatch() {
			return this.skipAsync;
		}

		@Override
		protected boolean shouldNotFilterErrorDispatch() {
			return this.skipError;
		}

	}

}
