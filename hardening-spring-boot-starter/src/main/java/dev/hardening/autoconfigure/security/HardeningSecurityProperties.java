package dev.hardening.autoconfigure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Security integration settings.
 */
@ConfigurationProperties("hardening.security")
public class HardeningSecurityProperties {

	/**
	 * Whether to integrate with Spring Security, when it is present.
	 */
	private boolean enabled = true;

	private final ProblemResponses problemResponses = new ProblemResponses();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ProblemResponses getProblemResponses() {
		return this.problemResponses;
	}

	/**
	 * Problem bodies for Spring Security's 401 and 403 answers.
	 */
	public static class ProblemResponses {

		/**
		 * Whether Spring Security's 401 and 403 answers get a body from the error page (a problem):
		 * every SecurityFilterChain that has authorization rules lets the error dispatch through
		 * without authorizing it again. Spring Security's entry points and access-denied handlers
		 * are left as the application configured them.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
