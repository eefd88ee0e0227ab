package dev.hardening.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldEncryptorTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	static FieldKey key(int id, int length) {
		byte[] secret = new byte[length];
		RANDOM.nextBytes(secret);
		return FieldKey.of(id, secret);
	}

	private final FieldKey one = key(1, 32);

	private final FieldKey two = key(2, 32);

	@Property(tries = 300)
	void anyWellFormedValueComesBackWithItsContext(@ForAll("unicode") String value, @ForAll("unicode") String context) {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		String ciphertext = encryptor.encrypt(value, context);
		assertThat(encryptor.decrypt(ciphertext, context)).isEqualTo(value);
		assertThat(encryptor.keyId(ciphertext)).isEqualTo(1);
		assertThat(ciphertext).matches("[A-Za-z0-9_-]+");
		if (value.length() >= 8) {
			// a shorter value, such as "0", turns up in random Base64 by chance
			assertThat(ciphertext).doesNotContain(value);
		}
	}

	@Provide
	Arbitrary<String> unicode() {
		return Arbitraries.strings().all().ofMaxLength(200).filter(FieldEncryptorTests::wellFormed);
	}

	private static boolean wellFormed(String text) {
		return text.codePoints().noneMatch((c) -> c >= 0xD800 && c <= 0xDFFF);
	}

	@Property(tries = 500)
	void anyTextThatIsNotOneOfOurCiphertextsIsRefusedWithTheOneException(@ForAll String text) {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		assertThatThrownBy(() -> encryptor.decrypt(text)).isInstanceOf(FieldDecryptionException.class)
			.satisfies((ex) -> {
				if (text.length() > 3) {
					assertThat(ex.getMessage()).doesNotContain(text);
				}
			});
	}

	@Property(tries = 300)
	void anyChangedByteIsDetected(@ForAll("unicode") String value, @ForAll int position, @ForAll byte flip) {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		byte[] bytes = Base64.getUrlDecoder().decode(encryptor.encrypt(value));
		int at = Math.floorMod(position, bytes.length);
		byte change = (flip == 0) ? 1 : flip;
		bytes[at] ^= change;
		String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		assertThatThrownBy(() -> encryptor.decrypt(altered)).isInstanceOf(FieldDecryptionException.class);
	}

	@Test
	void encryptingTheSameValueTwiceGivesTwoCiphertexts() {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		assertThat(encryptor.encrypt("sk_live_42")).isNotEqualTo(encryptor.encrypt("sk_live_42"));
	}

	@Test
	void aValueDoesNotDecryptUnderAnotherContext() {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		String ciphertext = encryptor.encrypt("sk_live_42", "users.api_key");
		assertThatThrownBy(() -> encryptor.decrypt(ciphertext, "users.note"))
			.isInstanceOf(FieldDecryptionException.class)
			.hasMessage("The value could not be decrypted with key 1: the keyset has no such key, the context "
					+ "differs, or the value was altered");
	}

	@Test
	void afterARotationOldValuesDecryptAndNewOnesUseTheNewPrimary() {
		FieldEncryptor before = FieldEncryptor.of(List.of(this.one), 1);
		String old = before.encrypt("sk_live_42");
		FieldEncryptor after = FieldEncryptor.of(List.of(this.one, this.two), 2);
		assertThat(after.decrypt(old)).isEqualTo("sk_live_42");
		assertThat(after.isCurrent(old)).isFalse();
		String moved = after.reencrypt(old, "");
		assertThat(after.keyId(moved)).isEqualTo(2);
		assertThat(after.isCurrent(moved)).isTrue();
		FieldEncryptor oldKeyRemoved = FieldEncryptor.of(List.of(this.two), 2);
		assertThat(oldKeyRemoved.decrypt(moved)).isEqualTo("sk_live_42");
		assertThatThrownBy(() -> oldKeyRemoved.decrypt(old)).isInstanceOf(FieldDecryptionException.class)
			.hasMessageContaining("key 1");
	}

	@Test
	void aKeyWithTheSameIdButAnotherSecretDoesNotDecrypt() {
		String ciphertext = FieldEncryptor.of(List.of(this.one), 1).encrypt("sk_live_42");
		assertThatThrownBy(() -> FieldEncryptor.of(List.of(key(1, 32)), 1).decrypt(ciphertext))
			.isInstanceOf(FieldDecryptionException.class);
	}

	@Test
	void aValueThatIsNotWellFormedUnicodeIsRefusedNotChanged() {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one), 1);
		assertThatIllegalArgumentException().isThrownBy(() -> encryptor.encrypt("a\uD800b"))
			.withMessage("The value is not well-formed Unicode (it has an unpaired surrogate)");
	}

	@Test
	void invalidKeysetsAreRefusedWithoutQuotingASecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldEncryptor.of(List.of(), 1))
			.withMessage("A keyset needs at least one key");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldEncryptor.of(List.of(this.one, key(1, 32)), 1))
			.withMessage("Key id 1 is given twice");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldEncryptor.of(List.of(key(1, 16)), 1))
			.withMessage("Key 1 has 16 secret bytes; AES-256-GCM needs 32");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldEncryptor.of(List.of(this.one), 3))
			.withMessage("No key has the primary key id 3; the ids are [1]");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldKey.ofBase64(4, "not base64!"))
			.withMessage("The secret of key 4 is not Base64");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldKey.of(0, new byte[32]))
			.withMessage("A key id must be at least 1, but was 0");
		assertThat(this.one.toString()).isEqualTo("FieldKey[id=1, secret=(32 bytes)]");
	}

	@Test
	void secretsAreReadFromStandardOrUrlSafeBase64() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		FieldKey standard = FieldKey.ofBase64(1, Base64.getEncoder().encodeToString(secret));
		FieldKey urlSafe = FieldKey.ofBase64(1, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
		assertThat(standard).isEqualTo(urlSafe).isEqualTo(FieldKey.of(1, secret));
	}

	@Test
	void deterministicEncryptionGivesEqualCiphertextsForEqualValuesAndContexts() {
		DeterministicFieldEncryptor encryptor = DeterministicFieldEncryptor.of(List.of(key(7, 64)), 7);
		String a = encryptor.encrypt("ada@example.com", "users.email");
		assertThat(encryptor.encrypt("ada@example.com", "users.email")).isEqualTo(a);
		assertThat(encryptor.encrypt("ada@example.com", "users.backup_email")).isNotEqualTo(a);
		assertThat(encryptor.encrypt("bob@example.com", "users.email")).isNotEqualTo(a);
		assertThat(encryptor.decrypt(a, "users.email")).isEqualTo("ada@example.com");
		assertThat(encryptor.keyId(a)).isEqualTo(7);
		assertThatThrownBy(() -> encryptor.decrypt(a, "users.backup_email"))
			.isInstanceOf(FieldDecryptionException.class);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeterministicFieldEncryptor.of(List.of(key(1, 32)), 1))
			.withMessage("Key 1 has 32 secret bytes; AES-SIV needs 64");
	}

	@Property(tries = 200)
	void deterministicRoundTrip(@ForAll("unicode") String value) {
		DeterministicFieldEncryptor encryptor = DeterministicFieldEncryptor.of(List.of(key(3, 64), key(4, 64)), 4);
		assertThat(encryptor.decrypt(encryptor.encrypt(value))).isEqualTo(value);
	}

}
