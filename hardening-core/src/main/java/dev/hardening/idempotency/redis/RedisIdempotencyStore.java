package dev.hardening.idempotency.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import dev.hardening.idempotency.Acquisition;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.StoredResponse;
import dev.hardening.idempotency.internal.OwnerTokens;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;

/**
 * Keys shared by every instance through Redis, one Redis key per idempotency key. Taking a key is
 * one script that returns what is there or, if nothing, writes the held state with the lease as
 * its expiry: one round trip, atomic, so of racing instances exactly one runs the request.
 * Completing is one more script, which writes the response only while the state is still the one
 * this request wrote (its owner token), so a request whose lease ran out cannot overwrite the
 * retry that took the key after it. A replay is the first script's one round trip.
 *
 * <p>Values: {@code H<owner><fingerprint>} while held, {@code C<fingerprint><response>} once
 * completed. Keys are {@code <prefix>:<key>}; errors (Redis down, a timeout) are thrown for the
 * caller's fail mode.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

	private static final RedisScript ACQUIRE = new RedisScript(ScriptOutputType.VALUE, """
			local v = redis.call('GET', KEYS[1])
			if v then return v end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return false
			""");

	private static final RedisScript COMPLETE = new RedisScript(ScriptOutputType.INTEGER, """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			return 1
			""");

	/** Compares the owner only: the held value names the fingerprint too. */
	private static final RedisScript RELEASE = new RedisScript(ScriptOutputType.INTEGER, """
			local v = redis.call('GET', KEYS[1])
			if not v or string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			return 1
			""");

	private static final byte HELD = 'H';

	private static final byte COMPLETED = 'C';

	/** Owner tokens and fingerprints are fixed-length base64. */
	private static final int OWNER_LENGTH = 22;

	private static final int FINGERPRINT_LENGTH = 43;

	private final RedisConnector connector;

	private final String prefix;

	private RedisIdempotencyStore(RedisConnector connector, String prefix) {
		this.connector = connector;
		this.prefix = prefix;
	}

	/**
	 * Creates a store.
	 * @param connector the shared connection
	 * @param keyPrefix the namespace of the store's keys, for example {@code hardening:idempotency}
	 * @return the store
	 */
	public static RedisIdempotencyStore create(RedisConnector connector, String keyPrefix) {
		Objects.requireNonNull(connector, "connector must not be null");
		Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
		if (keyPrefix.isBlank()) {
			throw new IllegalArgumentException("keyPrefix must not be blank");
		}
		return new RedisIdempotencyStore(connector, keyPrefix);
	}

	@Override
	public Acquisition acquire(String key, String fingerprint, Duration lease) {
		requireFingerprint(fingerprint);
		String owner = OwnerTokens.next();
		byte[] found = run(ACQUIRE, keys(key), held(owner, fingerprint), millis(lease));
		if (found == null) {
			return new Acquisition.Acquired(owner);
		}
		return read(found);
	}

	@Override
	public boolean complete(String key, String owner, String fingerprint, StoredResponse response, Duration retention) {
		requireFingerprint(fingerprint);
		byte[] encoded = response.encode();
		byte[] value = new byte[1 + FINGERPRINT_LENGTH + encoded.length];
		value[0] = COMPLETED;
		System.arraycopy(ascii(fingerprint), 0, value, 1, FINGERPRINT_LENGTH);
		System.arraycopy(encoded, 0, value, 1 + FINGERPRINT_LENGTH, encoded.length);
		Long stored = run(COMPLETE, keys(key), held(owner, fingerprint), value, millis(retention));
		return stored != null && stored == 1L;
	}

	@Override
	public void release(String key, String owner) {
		run(RELEASE, keys(key), heldPrefix(owner).getBytes(StandardCharsets.US_ASCII));
	}

	private <T> T run(RedisScript script, String[] keys, byte[]... args) {
		return this.connector.callBinary((redis) -> script.run(redis, keys, args));
	}

	private String[] keys(String key) {
		return new String[] { this.prefix + ':' + key };
	}

	private static Acquisition read(byte[] value) {
		// what comes back from Redis is checked before it is trusted
		if (value.length >= 1 + OWNER_LENGTH + FINGERPRINT_LENGTH && value[0] == HELD) {
			return new Acquisition.InProgress(
					new String(value, 1 + OWNER_LENGTH, FINGERPRINT_LENGTH, StandardCharsets.US_ASCII));
		}
		if (value.length > 1 + FINGERPRINT_LENGTH && value[0] == COMPLETED) {
			String fingerprint = new String(value, 1, FINGERPRINT_LENGTH, StandardCharsets.US_ASCII);
			return new Acquisition.Completed(fingerprint, StoredResponse.decode(value, 1 + FINGERPRINT_LENGTH));
		}
		throw new IllegalStateException("An idempotency key's state in Redis is not one this store wrote: "
				+ Arrays.toString(Arrays.copyOf(value, Math.min(value.length, 8))));
	}

	private static byte[] held(String owner, String fingerprint) {
		return (heldPrefix(owner) + fingerprint).getBytes(StandardCharsets.US_ASCII);
	}

	private static String heldPrefix(String owner) {
		if (owner.length() != OWNER_LENGTH) {
			throw new IllegalArgumentException("Not an owner token of this store");
		}
		return (char) HELD + owner;
	}

	private static void requireFingerprint(String fingerprint) {
		if (fingerprint.length() != FINGERPRINT_LENGTH) {
			throw new IllegalArgumentException("fingerprint must be a Fingerprint of 43 characters");
		}
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] millis(Duration duration) {
		long millis;
		try {
			millis = Math.max(1, duration.toMillis());
		}
		catch (ArithmeticException ex) {
			millis = Long.MAX_VALUE;
		}
		return Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
	}

}
