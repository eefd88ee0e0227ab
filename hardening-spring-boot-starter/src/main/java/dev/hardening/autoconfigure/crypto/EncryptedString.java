package dev.hardening.autoconfigure.crypto;

import dev.hardening.crypto.FieldEncryptor;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/**
 * Stores a {@code String} attribute encrypted with the application's {@link FieldEncryptor}:
 * {@code @Convert(converter = EncryptedString.class)}. Hibernate gets it from Spring (Boot's JPA
 * auto-configuration gives Hibernate the bean factory), so the encryptor is injected. A
 * {@code null} stays {@code null}; values are encrypted without a context.
 */
@Converter
public class EncryptedString implements AttributeConverter<String, String> {

	private final FieldEncryptor encryptor;

	/**
	 * Creates the converter.
	 * @param encryptor the encryptor of {@code hardening.crypto.keys}
	 */
	public EncryptedString(FieldEncryptor encryptor) {
		this.encryptor = encryptor;
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable String attribute) {
		return (attribute != null) ? this.encryptor.encrypt(attribute) : null;
	}

	@Override
	public @Nullable String convertToEntityAttribute(@Nullable String column) {
		return (column != null) ? this.encryptor.decrypt(column) : null;
	}

}
