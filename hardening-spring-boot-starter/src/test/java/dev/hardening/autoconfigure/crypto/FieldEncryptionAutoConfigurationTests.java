package dev.hardening.autoconfigure.crypto;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.Aead;
import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class FieldEncryptionAutoConfigurationTests {

	private static final String KEY_1 = secret(32, 1);

	private static final String KEY_2 = secret(32, 2);

	private static final String SIV_KEY = secret(64, 3);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FieldEncryptionAutoConfiguration.class));

	private static String secret(int length, int fill) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (fill * 31 + i);
		}
		return Base64.getEncoder().encodeToString(bytes);
	}

	@Test
	void noKeysNoEncryptors() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(FieldEncryptor.class)
			.doesNotHaveBean(DeterministicFieldEncryptor.class));
	}

	@Test
	void oneKeyIsThePrimary() {
		this.runner.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1)
			.run((context) -> {
				FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
				assertThat(encryptor.primaryKeyId()).isEqualTo(1);
				assertThat(encryptor.decrypt(encryptor.encrypt("sk_live_42"))).isEqualTo("sk_live_42");
				assertThat(context).doesNotHaveBean(DeterministicFieldEncryptor.class);
			});
	}

	@Test
	void aRotatedKeysetDecryptsTheOldKeysValuesAndEncryptsWithTheNewPrimary() {
		String old = FieldEncryptor.of(List.of(FieldKey.ofBase64(1, KEY_1)), 1).encrypt("sk_live_42");
		this.runner
			.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1,
					"hardening.crypto.keys[1].id=2", "hardening.crypto.keys[1].secret=" + KEY_2,
					"hardening.crypto.primary-key=2")
			.run((context) -> {
				FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
				assertThat(encryptor.decrypt(old)).isEqualTo("sk_live_42");
				assertThat(encryptor.keyId(encryptor.encrypt("new"))).isEqualTo(2);
			});
	}

	@Test
	void severalKeysWithoutAPrimaryStopTheStartWithoutQuotingASecret() {
		this.runner
			.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1,
					"hardening.crypto.keys[1].id=2", "hardening.crypto.keys[1].secret=" + KEY_2)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("hardening.crypto: primary-key is not set and there are 2 keys: set it to the id of "
						+ "the key new values are encrypted with"));
	}

	@Test
	void aSecretThatIsNotBase64OrOfTheWrongLengthStopsTheStartWithoutQuotingIt() {
		this.runner.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=hunter2!")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("hardening.crypto: The secret of key 1 is not Base64")
				.message()
				.doesNotContain("hunter2"));
		this.runner.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + SIV_KEY)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("hardening.crypto: Key 1 has 64 secret bytes; AES-256-GCM needs 32"));
	}

	@Test
	void deterministicKeysGiveTheDeterministicEncryptor() {
		this.runner
			.withPropertyValues("hardening.crypto.deterministic.keys[0].id=5",
					"hardening.crypto.deterministic.keys[0].secret=" + SIV_KEY)
			.run((context) -> {
				DeterministicFieldEncryptor encryptor = context.getBean(DeterministicFieldEncryptor.class);
				assertThat(encryptor.encrypt("ada@example.com", "users.email"))
					.isEqualTo(encryptor.encrypt("ada@example.com", "users.email"));
				assertThat(context).doesNotHaveBean(FieldEncryptor.class);
			});
	}

	@Test
	void keysFromTheEnvironmentBindAsFromProperties() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
						Map.of("HARDENING_CRYPTO_KEYS_0_ID", "1", "HARDENING_CRYPTO_KEYS_0_SECRET", KEY_1))))
			.run((context) -> assertThat(context).hasSingleBean(FieldEncryptor.class));
	}

	@Test
	void withoutTinkNothingIsConfigured() {
		this.runner.withClassLoader(new FilteredClassLoader(Aead.class))
			.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FieldEncryptor.class));
	}

	@Test
	void anApplicationsOwnEncryptorIsKept() {
		FieldEncryptor own = FieldEncryptor.of(List.of(FieldKey.ofBase64(9, KEY_2)), 9);
		this.runner.withBean(FieldEncryptor.class, () -> own)
			.withPropertyValues("hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1)
			.run((context) -> assertThat(context.getBean(FieldEncryptor.class)).isSameAs(own));
	}

}
