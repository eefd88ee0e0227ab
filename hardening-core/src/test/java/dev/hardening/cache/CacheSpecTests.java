package dev.hardening.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheSpecTests {

	@Test
	void defaultsTheL1TtlToTheTtl() {
		CacheSpec spec = CacheSpec.builder(Duration.ofMinutes(10)).build();

		assertThat(spec.l1Ttl()).isEqualTo(Duration.ofMinutes(10));
		assertThat(spec.maxSize()).isEqualTo(10_000);
		assertThat(spec.nullTtl()).isNull();
		assertThat(spec.jitter()).isEqualTo(0.1);
	}

	@Test
	void rejectsValuesThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.builder(Duration.ZERO))
			.withMessageContaining("ttl must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheSpec.builder(Duration.ofMinutes(1)).l1Ttl(Duration.ofMinutes(2)))
			.withMessageContaining("must not be longer than ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.builder(Duration.ofMinutes(1)).maxSize(0));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.builder(Duration.ofMinutes(1)).jitter(0.9))
			.withMessageContaining("jitter");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheSpec.builder(Duration.ofMinutes(1)).nullTtl(Duration.ofHours(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheSpec.builder(Duration.ofMinutes(1)).refreshAfter(Duration.ofMinutes(1)).build())
			.withMessageContaining("refreshAfter");
	}

}
