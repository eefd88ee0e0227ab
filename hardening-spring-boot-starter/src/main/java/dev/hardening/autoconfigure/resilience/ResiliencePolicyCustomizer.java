package dev.hardening.autoconfigure.resilience;

import dev.hardening.resilience.ResiliencePolicy;

/**
 * Adjusts each policy before it is built: another listener, an executor for timed attempts, or a
 * clock and sleeper in tests. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface ResiliencePolicyCustomizer {

	/**
	 * Customizes a policy.
	 * @param name the policy's name
	 * @param builder its builder
	 */
	void customize(String name, ResiliencePolicy.Builder builder);

}
