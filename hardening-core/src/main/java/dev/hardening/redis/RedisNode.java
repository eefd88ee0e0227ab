package dev.hardening.redis;

import java.util.List;
import java.util.Objects;

/**
 * A Redis node's address: a Cluster seed node or a sentinel.
 *
 * @param host a host name or an IP address (IPv6 without brackets)
 * @param port the port, 1 to 65535
 */
public record RedisNode(String host, int port) {

	/**
	 * Checks the address.
	 * @param host a host name or an IP address
	 * @param port the port
	 */
	public RedisNode {
		Objects.requireNonNull(host, "host must not be null");
		if (host.isBlank() || host.chars().anyMatch((c) -> c <= ' ' || c == '/' || c == '@')) {
			throw new IllegalArgumentException("not a host: '" + host + "'");
		}
		if (port < 1 || port > 65_535) {
			throw new IllegalArgumentException("port must be 1 to 65535, but was " + port);
		}
	}

	/**
	 * Reads {@code host:port}, {@code [ipv6]:port} or, as Spring Data Redis also accepts,
	 * a bare IPv6 address whose last group is the port ({@code ::1:6379}).
	 * @param text the address
	 * @return the node
	 * @throws IllegalArgumentException if it is not an address with a port
	 */
	public static RedisNode parse(String text) {
		Objects.requireNonNull(text, "node must not be null");
		String value = text.trim();
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException("'" + value + "' is not host:port");
		}
		String host = value.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(value.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not host:port");
		}
		return new RedisNode(host, port);
	}

	static List<RedisNode> parseAll(List<String> nodes, String what) {
		Objects.requireNonNull(nodes, "nodes must not be null");
		if (nodes.isEmpty()) {
			throw new IllegalArgumentException("at least one " + what + " is needed");
		}
		return nodes.stream().map(RedisNode::parse).toList();
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
