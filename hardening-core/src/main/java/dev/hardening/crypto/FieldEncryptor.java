package dev.hardening.crypto;

import java.security.GeneralSecurityException;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;

/**
 * Authenticated, randomized field encryption: AES-256-GCM through Google Tink, a new random
 * 96-bit nonce per value, so that encrypting one value twice gives two ciphertexts. A ciphertext
 * is 5 + 12 + 16 bytes longer than its UTF-8 value, in Base64 (about 44 characters more).
 *
 * <p>Rotation: add a key with a new id and make it primary. Values made with the old key still
 * decrypt; new ones use the new key; {@link Reencryption} moves the old ones over, after which the
 * old key can be removed.
 */
public final class FieldEncryptor extends TinkFieldCipher {

	/** The secret length of an AES-256 key. */
	public static final int KEY_LENGTH = 32;

	private static final AesGcmParameters PARAMETERS;

	static {
		try {
			PARAMETERS = AesGcmParameters.builder()
				.setKeySizeBytes(KEY_LENGTH)
				.setIvSizeBytes(12)
				.setTagSizeBytes(16)
				.setVariant(AesGcmParameters.Variant.TINK)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Aead aead;

	private FieldEncryptor(Aead aead, int primaryKeyId) {
		super(primaryKeyId, "AES-GCM");
		this.aead = aead;
	}

	/**
	 * Creates an encryptor over a keyset.
	 * @param keys the keys, each with a 32-byte secret and a unique id
	 * @param primaryKeyId the id of the key new values are encrypted with
	 * @return the encryptor
	 * @throws IllegalArgumentException if the keyset is not valid; the message never quotes a secret
	 */
	public static FieldEncryptor of(List<FieldKey> keys, int primaryKeyId) {
		var keyset = Keysets.build(keys, primaryKeyId, KEY_LENGTH, "AES-256-GCM",
				(id, secret) -> AesGcmKey.builder()
					.setParameters(PARAMETERS)
					.setKeyBytes(secret)
					.setIdRequirement(id)
					.build());
		try {
			return new FieldEncryptor(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class), primaryKeyId);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink gave no AEAD for the keyset", ex);
		}
	}

	@Override
	byte[] seal(byte[] plaintext, byte[] context) throws GeneralSecurityException {
		return this.aead.encrypt(plaintext, context);
	}

	@Override
	byte[] open(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
		return this.aead.decrypt(ciphertext, context);
	}

}
