package dev.hardening.autoconfigure.crypto;

import dev.hardening.crypto.FieldCipher;
import jakarta.persistence.AttributeConverter;
import org.jspecify.annotations.Nullable;

/**
 * A {@code String} attribute stored as the ciphertext of a {@link FieldCipher}, without a
 * context; {@code null} stays {@code null}.
 */
public abstract class CipherConverter implements AttributeConverter<String, String> {

	private final FieldCipher cipher;

	/**
	 * Creates the converter.
	 * @param cipher the encryptor the attribute is stored with
	 */
	protected CipherConverter(FieldCipher cipher) {
		this.cipher = cipher;
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable String attribute) {
		return (attribute != null) ? this.cipher.encrypt(attribute) : null;
	}

	@Override
	public @Nullable String convertToEntityAttribute(@Nullable String column) {
		return (column != null) ? this.cipher.decrypt(column) : null;
	}

}
