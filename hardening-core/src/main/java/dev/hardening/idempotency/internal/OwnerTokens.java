package dev.hardening.idempotency.internal;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tokens that tell the request holding a key from any other: 128 random bits. They only need to
 * be unique, not secret, since they never leave the service.
 */
public final class OwnerTokens {

	private OwnerTokens() {
	}

	/**
	 * Returns a new token.
	 * @return 22 characters of URL-safe base64
	 */
	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
