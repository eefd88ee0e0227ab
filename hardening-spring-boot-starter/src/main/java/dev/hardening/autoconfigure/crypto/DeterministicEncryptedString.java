package dev.hardening.autoconfigure.crypto;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import jakarta.persistence.Converter;

/**
 * Stores a {@code String} attribute encrypted with the application's
 * {@link DeterministicFieldEncryptor}, so that a query by equality on the attribute still finds it
 * (Hibernate converts the query's parameter with the same converter). Leaks which rows hold equal
 * values; see docs/encryption.md.
 */
@Converter
public class DeterministicEncryptedString extends CipherConverter {

	/**
	 * Creates the converter.
	 * @param encryptor the encryptor of {@code hardening.crypto.deterministic.keys}
	 */
	public DeterministicEncryptedString(DeterministicFieldEncryptor encryptor) {
		super(encryptor);
	}

}
