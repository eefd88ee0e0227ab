package dev.hardening.autoconfigure.jdbc;

import org.junit.jupiter.api.Test;

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

}
