package dev.hardening.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * One key of a keyset: its id, written into every ciphertext it makes, and its secret bytes.
 * {@link #toString()} never shows the secret.
 */
public final class FieldKey {

	private final int id;

	private final byte[] secret;

	private FieldKey(int id, byte[] secret) {
		if (id < 1) {
			throw new IllegalArgumentException("A key id must be at least 1, but was " + id);
		}
		this.id = id;
		this.secret = secret.clone();
	}

	/**
	 * Creates a key from its secret bytes.
	 * @param id the key's id, at least 1, unique within its keyset
	 * @param secret the secret bytes (32 for {@link FieldEncryptor}, 64 for
	 * {@link DeterministicFieldEncryptor}); copied
	 * @return the key
	 */
	public static FieldKey of(int id, byte[] secret) {
		return new FieldKey(id, secret);
	}

	/**
	 * Creates a key from its secret in Base64, as it is kept in configuration or the environment.
	 * @param id the key's id, at least 1, unique within its keyset
	 * @param base64 the secret bytes in standard or URL-safe Base64, padded or not
	 * @return the key
	 * @throws IllegalArgumentException if the text is not Base64; the message never quotes it
	 */
	public static FieldKey ofBase64(int id, String base64) {
		String text = base64.strip().replace('-', '+').replace('_', '/');
		try {
			return new FieldKey(id, Base64.getDecoder().decode(text));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The secret of key " + id + " is not Base64");
		}
	}

	/**
	 * Returns the key's id.
	 * @return the id, at least 1
	 */
	public int id() {
		return this.id;
	}

	/** The secret bytes, not copied: for the encryptors of this package only. */
	byte[] secret() {
		return this.secret;
	}

	/**
	 * Returns how many secret bytes the key has.
	 * @return the length of the secret
	 */
	public int length() {
		return this.secret.length;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof FieldKey key) && key.id == this.id && Arrays.equals(key.secret, this.secret);
	}

	@Override
	public int hashCode() {
		return this.id;
	}

	@Override
	public String toString() {
		return "FieldKey[id=" + this.id + ", secret=(" + this.secret.length + " bytes)]";
	}

}
