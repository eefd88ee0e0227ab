package dev.hardening.autoconfigure.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class QueryScopeTests {

	@Test
	void aStatementCountsInEveryOpenScopeOfTheThread() {
		try (QueryScope outer = QueryScope.open()) {
			QueryScope.record("SELECT 1", 1, 2);
			try (QueryScope inner = QueryScope.open()) {
				QueryScope.record("SELECT name FROM owners WHERE id = ?", 1, 3);
				QueryScope.record("SELECT name FROM owners WHERE id = ?", 1, 3);
				QueryScope.record("SELECT name FROM owners WHERE id = ?", 1, 3);
				assertThat(inner.statements()).isEqualTo(3);
			}
			QueryScope.record("SELECT 1", 1, 2);

			assertThat(outer.statements()).isEqualTo(5);
			assertThat(outer.time().toMillis()).isEqualTo(13);
			assertThat(outer.mostRepeated()).hasValueSatisfying(
					(entry) -> assertThat(entry.getKey()).isEqualTo("SELECT name FROM owners WHERE id = ?"));
		}
		assertThat(QueryScope.active()).isFalse();
	}

	@Test
	void aScopeTheApplicationLeftOpenEndsWithItsRequest() throws Exception {
		QueryCountingFilter filter = new QueryCountingFilter(100, 100,
				new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class));
		QueryScope[] leaked = new QueryScope[1];

		for (int request = 0; request < 3; request++) {
			filter.doFilter(new MockHttpServletRequest("GET", "/leaky"), new MockHttpServletResponse(),
					(servletRequest, servletResponse) -> {
						leaked[0] = QueryScope.open();
						QueryScope.record("SELECT 1", 1, 0);
					});

			// the thread, a pooled one in a server, carries nothing into the next request
			assertThat(QueryScope.active()).isFalse();
			assertThat(leaked[0].statements()).isEqualTo(1);
		}
	}

}
