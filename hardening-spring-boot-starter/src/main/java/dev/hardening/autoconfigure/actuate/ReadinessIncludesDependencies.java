package dev.hardening.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Adds the database and Redis checks to the {@code readiness} group that Boot's probe support
 * created: an instance that cannot reach them should get no traffic. Liveness is left alone, so
 * an outage of a dependency never makes the orchestrator restart every instance. Applied only
 * when the application did not define the readiness group's members itself.
 */
final class ReadinessIncludesDependencies implements HealthEndpointGroupsPostProcessor, Ordered {

	static final Set<String> DEPENDENCIES = Set.of("db", "redis");

	private final boolean membersSetByApplication;

	ReadinessIncludesDependencies(boolean membersSetByApplication) {
		this.membersSetByApplication = membersSetByApplication;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get("readiness");
		if (readiness == null || this.membersSetByApplication) {
			return groups;
		}
		Map<String, HealthEndpointGroup> others = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			others.put(name, name.equals("readiness") ? new WithDependencies(readiness) : groups.get(name));
		}
		return HealthEndpointGroups.of(groups.getPrimary(), others);
	}

	@Override
	public int getOrder() {
		// after Boot's own post-processor, which adds the probe groups
		return Ordered.LOWEST_PRECEDENCE;
	}

	private record WithDependencies(HealthEndpointGroup group) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.group.isMember(name) || DEPENDENCIES.contains(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.group.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.group.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
