package dev.hardening.crypto;

import java.security.GeneralSecurityException;
import java.util.List;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;

/**
 * Deterministic authenticated field encryption: AES-SIV (RFC 5297, two 256-bit keys) through
 * Google Tink. The same value, context and key always give the same ciphertext, so a column can be
 * looked up by equality ({@code WHERE email = ?} with the value encrypted first).
 *
 * <p>That is also what it leaks: anyone who reads the column sees which rows hold equal values,
 * and can confirm a guessed value if they can get it encrypted. Use {@link FieldEncryptor} for
 * anything not looked up by equality. After a rotation, a lookup with the new primary key finds
 * only values already moved to it: re-encrypt the column before relying on lookups again.
 */
public final class DeterministicFieldEncryptor extends TinkFieldCipher {

	/** The secret length of an AES-SIV key: two AES-256 keys. */
	public static final int KEY_LENGTH = 64;

	private static final AesSivParameters PARAMETERS;

	static {
		try {
			PARAMETERS = AesSivParameters.builder()
				.setKeySizeBytes(KEY_LENGTH)
				.setVariant(AesSivParameters.Variant.TINK)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final DeterministicAead aead;

	private DeterministicFieldEncryptor(DeterministicAead aead, int primaryKeyId) {
		super(primaryKeyId, "AES-SIV");
		this.aead = aead;
	}

	/**
	 * Creates an encryptor over a keyset.
	 * @param keys the keys, each with a 64-byte secret and a unique id
	 * @param primaryKeyId the id of the key new values are encrypted with
	 * @return the encryptor
	 * @throws IllegalArgumentException if the keyset is not valid; the message never quotes a secret
	 */
	public static DeterministicFieldEncryptor of(List<FieldKey> keys, int primaryKeyId) {
		var keyset = Keysets.build(keys, primaryKeyId, KEY_LENGTH, "AES-SIV",
				(id, secret) -> AesSivKey.builder()
					.setParameters(PARAMETERS)
					.setKeyBytes(secret)
					.setIdRequirement(id)
					.build());
		try {
			return new DeterministicFieldEncryptor(
					keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class), primaryKeyId);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink gave no deterministic AEAD for the keyset", ex);
		}
	}

	@Override
	byte[] seal(byte[] plaintext, byte[] context) throws GeneralSecurityException {
		return this.aead.encryptDeterministically(plaintext, context);
	}

	@Override
	byte[] open(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
		return this.aead.decryptDeterministically(ciphertext, context);
	}

}
