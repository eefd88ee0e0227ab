package dev.hardening.autoconfigure.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.hardening.web.AllowedHosts;
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

	/** No host list on a server reachable from elsewhere: any Host is answered. */
	static void allowedHosts(AllowedHosts hosts, Environment environment) {
		if (hosts.isEmpty() && !loopbackOnly(environment.getProperty("server.address"))) {
			logger.warn("hardening.web.allowed-hosts is empty and the server is not bound to loopback only: requests "
					+ "for any Host are answered; list the names this service answers to");
		}
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

	private static boolean loopbackOnly(String address) {
		if (address == null || address.isBlank()) {
			return false;
		}
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
