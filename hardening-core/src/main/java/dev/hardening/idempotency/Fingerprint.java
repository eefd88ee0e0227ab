package dev.hardening.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * What a request an idempotency key was used with looked like: SHA-256 over its parts (method,
 * path, query, body, client), each part prefixed with its length so that no two different
 * sequences of parts hash alike ({@code "ab","c"} is not {@code "a","bc"}). A retry with the key
 * must have the same fingerprint to be answered with the stored response; the draft's answer to a
 * key reused for another request is {@code 422}.
 */
public final class Fingerprint {

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Fingerprint::sha256);

	private final MessageDigest digest;

	private final byte[] length = new byte[8];

	private Fingerprint() {
		this.digest = SHA_256.get();
		this.digest.reset();
	}

	/**
	 * Starts a fingerprint on this thread; finish it with {@link #finish()} before starting another
	 * on the same thread.
	 * @return the fingerprint
	 */
	public static Fingerprint start() {
		return new Fingerprint();
	}

	/**
	 * Adds a text part; {@code null} and empty are different parts.
	 * @param part the part, or {@code null}
	 * @return this fingerprint
	 */
	public Fingerprint add(@Nullable String part) {
		if (part == null) {
			return addLength(-1);
		}
		return add(part.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Adds a binary part.
	 * @param part the part
	 * @return this fingerprint
	 */
	public Fingerprint add(byte[] part) {
		return add(part, 0, part.length);
	}

	/**
	 * Adds a slice of bytes as one part.
	 * @param part the bytes
	 * @param offset where the part starts
	 * @param length how long it is
	 * @return this fingerprint
	 */
	public Fingerprint add(byte[] part, int offset, int length) {
		addLength(length);
		this.digest.update(part, offset, length);
		return this;
	}

	/**
	 * Returns the fingerprint.
	 * @return 43 characters of URL-safe base64
	 */
	public String finish() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(this.digest.digest());
	}

	private Fingerprint addLength(long value) {
		for (int i = 7; i >= 0; i--) {
			this.length[i] = (byte) value;
			value >>>= 8;
		}
		this.digest.update(this.length);
		return this;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
