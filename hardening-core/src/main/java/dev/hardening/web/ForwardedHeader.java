package dev.hardening.web;

/**
 * The header a trusted proxy writes the client's address in. Only that one is read: a proxy
 * appends to the header it writes and passes the other through untouched, so the other holds
 * whatever the client put there.
 */
public enum ForwardedHeader {

	/**
	 * {@code X-Forwarded-For}, with {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}: what
	 * nginx, HAProxy, Envoy, AWS and Google load balancers and Tomcat's {@code RemoteIpValve} use.
	 */
	X_FORWARDED_FOR("X-Forwarded-For"),

	/**
	 * RFC 7239 {@code Forwarded}, with its {@code for}, {@code proto} and {@code host} parameters.
	 */
	FORWARDED("Forwarded");

	private final String fieldName;

	ForwardedHeader(String fieldName) {
		this.fieldName = fieldName;
	}

	/**
	 * Returns the name of the header field that carries the addresses.
	 * @return {@code X-Forwarded-For} or {@code Forwarded}
	 */
	public String fieldName() {
		return this.fieldName;
	}

}
