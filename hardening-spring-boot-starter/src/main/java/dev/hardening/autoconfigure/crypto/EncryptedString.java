package dev.hardening.autoconfigure.crypto;

import dev.hardening.crypto.FieldEncryptor;
import jakarta.persistence.Converter;

/**
 * Stores a {@code String} attribute encrypted with the application's {@link FieldEncryptor}:
 * {@code @Convert(converter = EncryptedString.class)}. Hibernate gets it from Spring (Boot's JPA
 * auto-configuration gives Hibernate the bean factory), so the encryptor is injected. A
 * {@code null} stays {@code null}; values are encrypted without a context.
 */
@Converter
public class EncryptedString extends CipherConverter {

	/**
	 * Creates the converter.
	 * @param encryptor the encryptor of {@code hardening.crypto.keys}
	 */
	public EncryptedString(FieldEncryptor encryptor) {
		super(encryptor);
	}

}
