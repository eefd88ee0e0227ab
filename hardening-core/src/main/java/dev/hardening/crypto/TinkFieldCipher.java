package dev.hardening.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * What both encryptors share: text in and out, strict UTF-8, the key id read from the
 * ciphertext, and one exception for a value that does not decrypt. Each says how it seals and
 * opens bytes with its Tink primitive.
 */
abstract class TinkFieldCipher implements FieldCipher {

	private final int primaryKeyId;

	private final String algorithm;

	TinkFieldCipher(int primaryKeyId, String algorithm) {
		this.primaryKeyId = primaryKeyId;
		this.algorithm = algorithm;
	}

	abstract byte[] seal(byte[] plaintext, byte[] context) throws GeneralSecurityException;

	abstract byte[] open(byte[] ciphertext, byte[] context) throws GeneralSecurityException;

	@Override
	public final String encrypt(String plaintext, String context) {
		try {
			return Ciphertexts.encode(seal(Utf8.encode(plaintext), Utf8.encode(context)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(this.algorithm + " encryption failed", ex);
		}
	}

	@Override
	public final String decrypt(String ciphertext, String context) {
		byte[] bytes = Ciphertexts.decode(ciphertext);
		try {
			return new String(open(bytes, Utf8.encode(context)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new FieldDecryptionException("The value could not be decrypted with key " + Ciphertexts.keyId(bytes)
					+ ": the keyset has no such key, the context differs, or the value was altered");
		}
	}

	@Override
	public final int primaryKeyId() {
		return this.primaryKeyId;
	}

}
