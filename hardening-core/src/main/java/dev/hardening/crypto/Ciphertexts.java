package dev.hardening.crypto;

import java.util.Base64;

/**
 * The text form of a ciphertext: Tink's bytes (a version byte {@code 0x01}, the key id in four
 * bytes, then the primitive's output) in URL-safe Base64 without padding.
 */
final class Ciphertexts {

	/** Tink's prefix: one version byte and a four-byte key id. */
	static final int PREFIX_LENGTH = 5;

	private static final byte TINK_VERSION = 1;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private Ciphertexts() {
	}

	static String encode(byte[] bytes) {
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * Returns a ciphertext's bytes; only the text {@link #encode} writes for them is one, so that
	 * a value has one stored form (an equality lookup of a deterministic column finds it, a unique
	 * index holds): no padding, and no bits set past the last byte, which the JDK's decoder ignores.
	 * @throws FieldDecryptionException if it is not that Base64 or too short to have a key id
	 */
	static byte[] decode(String ciphertext) {
		if (!canonical(ciphertext)) {
			throw new FieldDecryptionException("The value is not a field ciphertext: not URL-safe Base64");
		}
		byte[] bytes;
		try {
			bytes = DECODER.decode(ciphertext);
		}
		catch (IllegalArgumentException ex) {
			throw new FieldDecryptionException("The value is not a field ciphertext: not URL-safe Base64");
		}
		if (bytes.length < PREFIX_LENGTH || bytes[0] != TINK_VERSION) {
			throw new FieldDecryptionException("The value is not a field ciphertext: no key id");
		}
		return bytes;
	}

	/**
	 * Whether unpadded text ends as an encoding of whole bytes does: a last group of two or three
	 * characters carries 8 or 16 bits in 12 or 18, the rest zero. The alphabet is left to the
	 * decoder.
	 */
	private static boolean canonical(String text) {
		int rest = text.length() % 4;
		if (rest == 0) {
			return text.isEmpty() || text.charAt(text.length() - 1) != '=';
		}
		if (rest == 1) {
			return false;
		}
		int last = sextet(text.charAt(text.length() - 1));
		return last >= 0 && (last & ((rest == 2) ? 0x0f : 0x03)) == 0;
	}

	/** The six bits of a URL-safe Base64 character, -1 for another character. */
	private static int sextet(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		return (c == '-') ? 62 : (c == '_') ? 63 : -1;
	}

	static int keyId(String ciphertext) {
		return keyId(decode(ciphertext));
	}

	static int keyId(byte[] bytes) {
		return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
	}

}
