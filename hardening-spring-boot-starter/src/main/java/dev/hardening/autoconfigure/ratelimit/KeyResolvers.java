package dev.hardening.autoconfigure.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.web.IpRange;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The built-in keys of a policy: {@code ip} (an IPv6 client by its network), {@code header:Name},
 * {@code principal}, {@code global}. Every key but the address and {@code global} is hashed, so
 * API keys, user names and tokens never sit in Redis or in a heap dump of the local buckets.
 */
public final class KeyResolvers {

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(KeyResolvers::sha256);

	private KeyResolvers() {
	}

	/**
	 * The client's address; an IPv6 client by its network of {@code ipv6Prefix} bits, since one
	 * host commonly owns a whole /64 and would otherwise get a fresh bucket per address.
	 */
	static RateLimitKeyResolver ip(ClientAddressResolver addresses, int ipv6Prefix) {
		return (request) -> network(addresses, request, ipv6Prefix);
	}

	static String network(ClientAddressResolver addresses, HttpServletRequest request, int ipv6Prefix) {
		String client = addresses.resolve(request);
		if (ipv6Prefix >= 128 || client.indexOf(':') < 0) {
			// an address written without a colon is never IPv6: no need to parse it
			return client;
		}
		InetAddress address = addresses.resolveAddress(request);
		if (address instanceof Inet6Address) {
			return IpRange.of(address, ipv6Prefix).toString();
		}
		return client;
	}

	static RateLimitKeyResolver header(String name) {
		return (request) -> {
			String value = request.getHeader(name);
			return (value == null || value.isBlank()) ? null : hash(value);
		};
	}

	static RateLimitKeyResolver principal(ClientAddressResolver addresses, int ipv6Prefix) {
		return (request) -> {
			Principal principal = request.getUserPrincipal();
			return (principal != null) ? "user:" + hash(principal.getName()) : network(addresses, request, ipv6Prefix);
		};
	}

	static RateLimitKeyResolver global() {
		return (request) -> "global";
	}

	static RateLimitKeyResolver hashed(RateLimitKeyResolver custom) {
		return (request) -> {
			String value = custom.resolve(request);
			return (value != null) ? hash(value) : null;
		};
	}

	/** 128 bits of SHA-256, URL-safe base64: short, fixed-length, and not reversible. */
	static String hash(String value) {
		MessageDigest digest = SHA_256.get();
		byte[] hash = digest.digest(value.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static @Nullable String headerName(String key) {
		return key.regionMatches(true, 0, "header:", 0, 7) ? key.substring(7).trim() : null;
	}

	/**
	 * Turns a configured key into its resolver: {@code ip}, {@code header:Name}, {@code principal},
	 * {@code global}, or the name of a {@link RateLimitKeyResolver} bean.
	 * @param key the configured key
	 * @param property the property it was configured under, for the error message
	 * @param addresses the client address resolver
	 * @param ipv6Prefix the network length an IPv6 client is keyed by
	 * @param customKeys finds a {@link RateLimitKeyResolver} bean by name, or returns {@code null}
	 * @return the resolver
	 * @throws InvalidConfigurationPropertyValueException naming the property when the key is none of these
	 */
	public static RateLimitKeyResolver of(String key, String property, ClientAddressResolver addresses,
			int ipv6Prefix, Function<String, @Nullable RateLimitKeyResolver> customKeys) {
		String trimmed = key.trim();
		String header = KeyResolvers.headerName(trimmed);
		if (header != null) {
			if (!EncodedHeader.isToken(header)) {
				throw new InvalidConfigurationPropertyValueException(property, key,
						"header: must be followed by a header name, such as header:X-API-Key.");
			}
			return KeyResolvers.header(header);
		}
		switch (trimmed.toLowerCase(Locale.ROOT)) {
			case "ip":
				return KeyResolvers.ip(addresses, ipv6Prefix);
			case "principal":
				return KeyResolvers.principal(addresses, ipv6Prefix);
			case "global":
				return KeyResolvers.global();
			default:
				RateLimitKeyResolver custom = customKeys.apply(trimmed);
				if (custom == null) {
					throw new InvalidConfigurationPropertyValueException(property, key,
							"It must be ip, header:<Name>, principal, global, or the name of a RateLimitKeyResolver bean.");
				}
				return KeyResolvers.hashed(custom);
		}
	}

}
