package dev.hardening.autoconfigure.resilience;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.resilience.ResiliencePolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The state of each policy's circuit breaker, in {@code /actuator/health/resilience}. Always
 * {@code UP}: a service this one calls being down must not make probes restart this one; the
 * details say which breakers are open.
 */
final class ResilienceHealthIndicator extends AbstractHealthIndicator {

	private final ResiliencePolicies policies;

	ResilienceHealthIndicator(ResiliencePolicies policies) {
		super("Resilience health check failed");
		this.policies = policies;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (ResiliencePolicy policy : this.policies.all()) {
			Map<String, Object> policyDetails = new LinkedHashMap<>();
			policy.circuitBreaker().ifPresent((breaker) -> {
				CircuitBreaker.Metrics metrics = breaker.getMetrics();
				policyDetails.put("state", breaker.getState().name());
				policyDetails.put("failureRate", metrics.getFailureRate());
				policyDetails.put("slowCallRate", metrics.getSlowCallRate());
				policyDetails.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
				policyDetails.put("failedCalls", metrics.getNumberOfFailedCalls());
				policyDetails.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
			});
			policy.bulkhead()
				.ifPresent((bulkhead) -> policyDetails.put("availableConcurrentCalls",
						bulkhead.getMetrics().getAvailableConcurrentCalls()));
			policyDetails.put("retryBudgetRemaining", policy.retryBudget().remaining());
			details.put(policy.instanceName(), policyDetails);
		}
		builder.up().withDetails(details);
	}

}
