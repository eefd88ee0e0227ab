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
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Adds the database and Redis checks to the {@code readiness} group that Boot's probe support
 * created: an instance that cannot reach them should get no traffic. Liveness is left alone, so
 * an outage of a dependency never makes the orchestrator restart every instance. Only checks
 * that {@link HealthChecks} guards are added (never a check without a timeout), and nothing when
 * the application defined the readiness group itself.
 */
final class ReadinessIncludesDependencies implements HealthEndpointGroupsPostProcessor, Ordered {

	static final Set<String> DEPENDENCIES = Set.of("db", "redis");

	private final boolean groupDefinedByApplication;

	private final HealthChecks checks;

	ReadinessIncludesDependencies(boolean groupDefinedByApplication, HealthChecks checks) {
		this.groupDefinedByApplication = groupDefinedByApplication;
		this.checks = checks;
	}

	/**
	 * Tells whether the application configured the readiness group, in any form (an include list
	 * in either YAML form, an exclude, show-details, ...).
	 * @param environment the environment
	 * @return whether it did
	 */
	static boolean groupDefinedBy(Environment environment) {
		return Binder.get(environment)
			.bind("management.endpoint.health.group.readiness", Bindable.mapOf(String.class, Object.class))
			.isBound();
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get("readiness");
		if (readiness == null || this.groupDefinedByApplication) {
			return groups;
		}
		Map<String, HealthEndpointGroup> others = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			others.put(name, name.equals("readiness") ? new WithDependencies(readiness, this.checks) : groups.get(name));
		}
		return HealthEndpointGroups.of(groups.getPrimary(), others);
	}

	@Override
	public int getOrder() {
		// Boot's post-processor that adds the probe groups has this order too; this one runs after
		// it because its auto-configuration comes after Boot's (and the sort is stable)
		return Ordered.LOWEST_PRECEDENCE;
	}

	private record WithDependencies(HealthEndpointGroup group, HealthChecks checks) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.group.isMember(name) || (DEPENDENCIES.contains(name) && this.checks.isGuarded(name));
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
