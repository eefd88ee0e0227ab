package dev.hardening.autoconfigure.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

/**
 * The web settings that are legal but likely a mistake, said once at startup.
 */
final class WebStartupWarnings {

	private static final Logger logger = LoggerFactory.getLogger(WebStartupWarnings.class);

	private WebStartupWarnings() {
	}

	/** Both Boot and hardening rewriting the client address from forwarding headers. */
	static void forwardHeaders(HardeningWebProperties properties, Environment environment) {
		String strategy = environment.getProperty("server.forward-headers-strategy");
		boolean cloud = environment.getProperty("spring.main.cloud-platform") != null;
		if (!properties.getTrustedProxies().isEmpty() && strategy != null && !strategy.equalsIgnoreCase("none")) {
			logger.warn("server.forward-headers-strategy={} rewrites the client address before hardening reads it: "
					+ "with hardening.web.trusted-proxies set, set server.forward-headers-strategy=none so only "
					+ "the trusted proxies are believed", strategy);
		}
		else if (properties.getTrustedProxies().isEmpty() && strategy != null && strategy.equalsIgnoreCase("native")
				&& !cloud) {
			logger.warn("server.forward-headers-strategy=native makes Tomcat believe X-Forwarded-For from any private "
					+ "address; prefer hardening.web.trusted-proxies, with the strategy set to none");
		}
	}

}
