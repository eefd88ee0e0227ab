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
	 * Returns a ciphertext's bytes.
	 * @throws FieldDecryptionException if it is not Base64 or too short to have a key id
	 */
	static byte[] decode(String ciphertext) {
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

	static int keyId(String ciphertext) {
		return keyId(decode(ciphertext));
	}

	static int keyId(byte[] bytes) {
		return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
	}

}
