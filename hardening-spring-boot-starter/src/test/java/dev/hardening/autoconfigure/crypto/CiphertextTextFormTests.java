package dev.hardening.autoconfigure.crypto;

import java.util.List;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldCipher;
import dev.hardening.crypto.FieldDecryptionException;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A stored ciphertext has one text: the one {@code encrypt} writes (unpadded, unused bits zero).
 * The JDK's URL-safe decoder ignores the unused low bits of the last character and accepts
 * {@code =} padding, so a changed text still decrypted, and one value had several stored forms:
 * with {@link DeterministicEncryptedString}, a query by equality ({@code findByEmail}) missed a
 * row stored in another form that read back as the same e-mail, and a unique index on the column
 * no longer kept two rows from holding the same value. Other forms are now refused.
 */
class CiphertextTextFormTests {

	private static final FieldEncryptor GCM = FieldEncryptor.of(List.of(FieldKey.of(1, filled(32, 7))), 1);

	private static final DeterministicFieldEncryptor SIV = DeterministicFieldEncryptor
		.of(List.of(FieldKey.of(1, filled(64, 3))), 1);

	@Test
	void aGcmCiphertextWithItsLastCharacterChangedIsRefused() {
		assertOtherFormsRefused(GCM, "ada@example.info");
	}

	@Test
	void aDeterministicCiphertextWithItsLastCharacterChangedIsRefused() {
		String canonical = SIV.encrypt("ada@example.info");
		String other = otherLastCharacter(canonical);
		assertThat(other).isNotEqualTo(canonical);
		// what findByEmail compares with: the canonical form, which the stored text is not
		assertThat(SIV.encrypt("ada@example.info")).isNotEqualTo(other);
		assertThatExceptionOfType(FieldDecryptionException.class).isThrownBy(() -> SIV.decrypt(other));
	}

	@Test
	void aCiphertextWithPaddingAppendedIsRefused() {
		String canonical = GCM.encrypt("ada@example.info");
		assertThat(canonical.length() % 4).isNotZero();
		String padded = canonical + "=".repeat(4 - canonical.length() % 4);
		assertThatExceptionOfType(FieldDecryptionException.class).isThrownBy(() -> GCM.decrypt(padded));
	}

	private static void assertOtherFormsRefused(FieldCipher cipher, String value) {
		String canonical = cipher.encrypt(value);
		String other = otherLastCharacter(canonical);
		assertThat(other).isNotEqualTo(canonical);
		assertThatExceptionOfType(FieldDecryptionException.class).as("%s for %s", other, canonical)
			.isThrownBy(() -> cipher.decrypt(other));
	}

	/**
	 * The last character with its unused low bits set: a 2-character final group uses 4 of the
	 * last character's 6 bits, a 3-character group 2.
	 */
	private static String otherLastCharacter(String canonical) {
		int unusedBits = switch (canonical.length() % 4) {
			case 2 -> 4;
			case 3 -> 2;
			default -> throw new IllegalStateException("the value's length leaves no unused bits: pick another");
		};
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
		int changed = last | ((1 << unusedBits) - 1);
		return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(changed);
	}

	private static byte[] filled(int length, int value) {
		byte[] bytes = new byte[length];
		java.util.Arrays.fill(bytes, (byte) value);
		return bytes;
	}

}
