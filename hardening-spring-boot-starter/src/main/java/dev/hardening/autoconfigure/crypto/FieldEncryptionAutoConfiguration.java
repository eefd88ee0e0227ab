package dev.hardening.autoconfigure.crypto;

import java.util.ArrayList;
import java.util.List;

import com.google.crypto.tink.Aead;
import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures field encryption when Google Tink is on the classpath and keys are configured:
 * a {@link FieldEncryptor} from {@code hardening.crypto.keys}, a {@link DeterministicFieldEncryptor}
 * from {@code hardening.crypto.deterministic.keys}. A keyset that is not valid stops the start with
 * a message that names the property and never the secret.
 */
@AutoConfiguration
@ConditionalOnClass({ Aead.class, FieldEncryptor.class })
@ConditionalOnBooleanProperty(name = "hardening.crypto.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FieldEncryptionProperties.class)
public final class FieldEncryptionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "hardening.crypto", name = "keys[0].secret")
	FieldEncryptor fieldEncryptor(FieldEncryptionProperties properties) {
		try {
			return FieldEncryptor.of(keys(properties.getKeys(), "hardening.crypto.keys"),
					primary(properties.getKeys(), properties.getPrimaryKey()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("hardening.crypto: " + ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "hardening.crypto.deterministic", name = "keys[0].secret")
	DeterministicFieldEncryptor deterministicFieldEncryptor(FieldEncryptionProperties properties) {
		FieldEncryptionProperties.Keyset keyset = properties.getDeterministic();
		try {
			return DeterministicFieldEncryptor.of(keys(keyset.getKeys(), "hardening.crypto.deterministic.keys"),
					primary(keyset.getKeys(), keyset.getPrimaryKey()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("hardening.crypto.deterministic: " + ex.getMessage());
		}
	}

	private static List<FieldKey> keys(List<FieldEncryptionProperties.Key> keys, String property) {
		List<FieldKey> fieldKeys = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			FieldEncryptionProperties.Key key = keys.get(i);
			String secret = key.getSecret();
			if (secret == null || secret.isBlank()) {
				throw new IllegalArgumentException(property + "[" + i + "].secret is empty");
			}
			fieldKeys.add(FieldKey.ofBase64(key.getId(), secret));
		}
		return fieldKeys;
	}

	/** The configured primary key, or the only key when there is one. */
	private static int primary(List<FieldEncryptionProperties.Key> keys, @Nullable Integer primaryKey) {
		if (primaryKey != null) {
			return primaryKey;
		}
		if (keys.size() == 1) {
			return keys.get(0).getId();
		}
		throw new IllegalArgumentException("primary-key is not set and there are " + keys.size()
				+ " keys: set it to the id of the key new values are encrypted with");
	}

}
