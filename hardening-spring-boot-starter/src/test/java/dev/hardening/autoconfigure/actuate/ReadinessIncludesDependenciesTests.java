package dev.hardening.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessIncludesDependenciesTests {

	@Test
	void addsOnlyTheGuardedDependenciesToReadinessAndLeavesLivenessAlone() {
		HealthChecks checks = new HealthChecks(Duration.ofSeconds(1), Duration.ofSeconds(1));
		try {
			checks.guard("db", () -> Health.up().build());
			HealthEndpointGroups groups = new ReadinessIncludesDependencies(false, checks)
				.postProcessHealthEndpointGroups(HealthEndpointGroups.of(new Members(Set.of("ping")),
						Map.of("readiness", new Members(Set.of("readinessState")), "liveness",
								new Members(Set.of("livenessState")))));

			assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
			assertThat(groups.get("readiness").isMember("db")).isTrue();
			assertThat(groups.get("readiness").isMember("redis")).as("not guarded here").isFalse();
			assertThat(groups.get("liveness").isMember("db")).isFalse();
		}
		finally {
			checks.destroy();
		}
	}

	@Test
	void knowsAReadinessGroupTheApplicationConfiguredInAnyForm() {
		assertThat(ReadinessIncludesDependencies.groupDefinedBy(new MockEnvironment())).isFalse();
		assertThat(ReadinessIncludesDependencies.groupDefinedBy(new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.include", "readinessState"))).isTrue();
		assertThat(ReadinessIncludesDependencies.groupDefinedBy(new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.include[0]", "readinessState"))).isTrue();
		assertThat(ReadinessIncludesDependencies.groupDefinedBy(
				new MockEnvironment().withProperty("management.endpoint.health.group.readiness.exclude", "redis")))
			.isTrue();
		assertThat(ReadinessIncludesDependencies.groupDefinedBy(
				new MockEnvironment().withProperty("management.endpoint.health.group.liveness.include", "x")))
			.isFalse();
	}

	private record Members(Set<String> names) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.names.contains(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return true;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return true;
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return StatusAggregator.getDefault();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return HttpCodeStatusMapper.DEFAULT;
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return null;
		}

	}

}
