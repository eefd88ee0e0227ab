package dev.hardening.autoconfigure.requestid;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTests {

	private final RequestIdFilter filter = new RequestIdFilter("X-Request-ID", true, () -> "generated-1");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final AtomicReference<String> idInMdc = new AtomicReference<>();

	private final FilterChain chain = (request, response) -> this.idInMdc.set(MDC.get(RequestIdFilter.MDC_KEY));

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void keepsASafeIncomingIdEverywhere() throws Exception {
		MockHttpServletRequest request = request("abc-123");

		this.filter.doFilter(request, this.response, this.chain);

		assertThat(this.response.getHeader("X-Request-ID")).isEqualTo("abc-123");
		assertThat(this.idInMdc.get()).isEqualTo("abc-123");
		assertThat(RequestIdFilter.requestId(request)).isEqualTo("abc-123");
	}

	@Test
	void replacesAnUnsafeIncomingId() throws Exception {
		for (String unsafe : new String[] { "abc\r\nX-Injected: 1", "a".repeat(10_000), "caf\u00e9", "" }) {
			MockHttpServletResponse response = new MockHttpServletResponse();

			this.filter.doFilter(request(unsafe), response, this.chain);

			assertThat(response.getHeader("X-Request-ID")).isEqualTo("generated-1");
			assertThat(this.idInMdc.get()).isEqualTo("generated-1");
		}
	}

	@Test
	void generatesAnIdWhenNoneArrives() throws Exception {
		this.filter.doFilter(new MockHttpServletRequest(), this.response, this.chain);

		assertThat(this.response.getHeader("X-Request-ID")).isEqualTo("generated-1");
	}

	@Test
	void ignoresAnIncomingIdWhenNotTrusted() throws Exception {
		RequestIdFilter untrusting = new RequestIdFilter("X-Request-ID", false, () -> "generated-2");

		untrusting.doFilter(request("abc-123"), this.response, this.chain);

		assertThat(this.response.getHeader("X-Request-ID")).isEqualTo("generated-2");
	}

	@Test
	void usesTheConfiguredHeader() throws Exception {
		RequestIdFilter correlation = new RequestIdFilter("X-Correlation-ID", true, () -> "generated-3");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Correlation-ID", "corr-9");

		correlation.doFilter(request, this.response, this.chain);

		assertThat(this.response.getHeader("X-Correlation-ID")).isEqualTo("corr-9");
		assertThat(this.response.getHeader("X-Request-ID")).isNull();
	}

	@Test
	void removesTheIdFromTheMdcAfterTheRequest() throws Exception {
		this.filter.doFilter(request("abc-123"), this.response, this.chain);

		assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
	}

	@Test
	void restoresAnOuterMdcValueAfterTheRequest() throws Exception {
		MDC.put(RequestIdFilter.MDC_KEY, "outer");

		this.filter.doFilter(request("abc-123"), this.response, this.chain);

		assertThat(this.idInMdc.get()).isEqualTo("abc-123");
		assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isEqualTo("outer");
	}

	@Test
	void removesTheIdFromTheMdcWhenTheChainThrows() {
		FilterChain failing = (request, response) -> {
			throw new IllegalStateException("boom");
		};

		try {
			this.filter.doFilter(request("abc-123"), this.response, failing);
		}
		catch (Exception ex) {
			assertThat(ex).hasMessage("boom");
		}

		assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
	}

	@Test
	void errorDispatchKeepsTheIdOfTheOriginalRequest() throws Exception {
		MockHttpServletRequest request = request("abc-123");
		this.filter.doFilter(request, this.response, this.chain);
		request.setDispatcherType(DispatcherType.ERROR);
		request.removeHeader("X-Request-ID");
		MockHttpServletResponse errorResponse = new MockHttpServletResponse();

		this.filter.doFilter(request, errorResponse, this.chain);

		assertThat(this.idInMdc.get()).isEqualTo("abc-123");
		assertThat(errorResponse.getHeader("X-Request-ID")).isEqualTo("abc-123");
	}

	private static MockHttpServletRequest request(String incomingId) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/projects");
		request.addHeader("X-Request-ID", incomingId);
		return request;
	}

}
