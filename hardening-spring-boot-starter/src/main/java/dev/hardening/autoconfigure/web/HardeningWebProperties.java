package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.web.TrustedProxies;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Web hardening settings.
 */
@ConfigurationProperties("hardening.web")
public class HardeningWebProperties {

	/**
	 * Whether to read the client address from forwarding headers sent by trusted proxies. When
	 * false, the client address is always the peer address.
	 */
	private boolean enabled = true;

	/**
	 * Addresses and CIDR ranges (IPv4 and IPv6) of the proxies whose X-Forwarded-For and Forwarded
	 * headers are believed. The client address is the right-most forwarded address that is not a
	 * trusted proxy. Empty: no proxy is trusted and the client address is the peer address.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		for (int i = 0; i < trustedProxies.size(); i++) {
			try {
				TrustedProxies.of(List.of(trustedProxies.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("hardening.web.trusted-proxies[" + i + "]",
						trustedProxies.get(i), "It must be an IP address or CIDR range, such as 10.0.0.0/8 or fd00::/8.");
			}
		}
		this.trustedProxies = trustedProxies;
	}

}
