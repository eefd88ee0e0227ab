package dev.hardening.autoconfigure.crypto;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

/**
 * Stores a {@code String} attribute encrypted with the application's
 * {@link DeterministicFieldEncryptor}, so that a query by equality on the attribute still finds it
 * (Hibernate converts the query's parameter with the same converter). Leaks which rows hold equal
 * values; see docs/field-encryption.md.
 */
@Converter
public class DeterministicEncryptedString implements AttributeConverter<String, String> {

	private final DeterministicFieldEncryptor encryptor;

	/**
	 * Creates the converter.
	 * @param encryptor the encryptor of {@code hardening.crypto.deterministic.keys}
	 */
	public DeterministicEncryptedString(DeterministicFieldEncryptor encryptor) {
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
