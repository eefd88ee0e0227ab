package dev.hardening.autoconfigure.crypto;

import java.util.Base64;
import java.util.List;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldCipher;
import dev.hardening.crypto.FieldDecryptionException;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Ciphertexts as an attacker who can write the column would leave them, read back through the
 * encryptors the JPA converters use: a changed byte anywhere (version, key id, nonce, value, tag),
 * any cut, another key id, another context, the other algorithm's ciphertext, an empty value, text
 * that is not URL-safe Base64 and any string at all are each refused with
 * {@link FieldDecryptionException}, whose message quotes neither the value nor its plaintext;
 * none decrypts into something else, and nothing else is thrown.
 */
class CiphertextTamperingTests {

	private static final FieldKey GCM_KEY = FieldKey.of(1, filled(32, 7));

	private static final FieldKey GCM_KEY_2 = FieldKey.of(2, filled(32, 9));

	private static final FieldEncryptor GCM = FieldEncryptor.of(List.of(GCM_KEY, GCM_KEY_2), 1);

	private static final DeterministicFieldEncryptor SIV = DeterministicFieldEncryptor
		.of(List.of(FieldKey.of(1, filled(64, 3))), 1);

	private static final String SECRET = "sk_live_4eC39HqLyjWDarjt";

	private static final String CONTEXT = "accounts.api_key:1";

	@Property(tries = 400)
	void everyChangedByteIsRefused(@ForAll @IntRange(min = 0, max = 200) int position,
			@ForAll @IntRange(min = 1, max = 255) int xor, @ForAll boolean deterministic) {
		FieldCipher cipher = deterministic ? SIV : GCM;
		byte[] bytes = Base64.getUrlDecoder().decode(cipher.encrypt(SECRET, CONTEXT));
		int at = position % bytes.length;
		bytes[at] ^= (byte) xor;
		assertRefused(cipher, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), CONTEXT);
	}

	@Property(tries = 200)
	void everyCutIsRefused(@ForAll @IntRange(min = 0, max = 200) int length, @ForAll boolean deterministic) {
		FieldCipher cipher = deterministic ? SIV : GCM;
		byte[] bytes = Base64.getUrlDecoder().decode(cipher.encrypt(SECRET, CONTEXT));
		int kept = length % bytes.length;
		byte[] cut = java.util.Arrays.copyOf(bytes, kept);
		assertRefused(cipher, Base64.getUrlEncoder().withoutPadding().encodeToString(cut), CONTEXT);
	}

	@Property(tries = 500)
	void anyStringIsRefusedAndNothingElseIsThrown(@ForAll @StringLength(max = 120) String stored,
			@ForAll boolean deterministic) {
		assertRefused(deterministic ? SIV : GCM, stored, "");
	}

	@Property(tries = 200)
	void anotherKeyIdIsRefused(@ForAll int keyId) {
		byte[] bytes = Base64.getUrlDecoder().decode(GCM.encrypt(SECRET, CONTEXT));
		if (keyId == 1) {
			return;
		}
		bytes[1] = (byte) (keyId >>> 24);
		bytes[2] = (byte) (keyId >>> 16);
		bytes[3] = (byte) (keyId >>> 8);
		bytes[4] = (byte) keyId;
		// key 2 exists: the value then fails its tag under key 2
		assertRefused(GCM, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), CONTEXT);
	}

	@Example
	void anotherContextIsRefused() {
		assertRefused(GCM, GCM.encrypt(SECRET, CONTEXT), "accounts.api_key:2");
		assertRefused(SIV, SIV.encrypt(SECRET, CONTEXT), "accounts.api_key:2");
		assertRefused(GCM, GCM.encrypt(SECRET, CONTEXT), "");
	}

	@Example
	void theOtherAlgorithmsCiphertextIsRefused() {
		assertRefused(SIV, GCM.encrypt(SECRET, CONTEXT), CONTEXT);
		assertRefused(GCM, SIV.encrypt(SECRET, CONTEXT), CONTEXT);
	}

	@Example
	void malformedTextIsRefused() {
		String good = GCM.encrypt(SECRET, CONTEXT);
		for (String stored : new String[] { "", " ", "\u0000", "AQ", "AQAAAAE", good.replace('-', '+').replace('_', '/') + "+/",
				" " + good, good + "\n", good + "\u0000", good.substring(0, 10) + "%" + good.substring(11), "null",
				"\uD800", "=" + good }) {
			assertRefused(GCM, stored, CONTEXT);
		}
	}

	private static void assertRefused(FieldCipher cipher, String stored, String context) {
		assertThatExceptionOfType(FieldDecryptionException.class).as("%s", stored)
			.isThrownBy(() -> cipher.decrypt(stored, context))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRET))
			.satisfies((ex) -> {
				if (stored.length() > 3) {
					assertThat(ex.getMessage()).doesNotContain(stored.trim());
				}
			});
	}

	private static byte[] filled(int length, int value) {
		byte[] bytes = new byte[length];
		java.util.Arrays.fill(bytes, (byte) value);
		return bytes;
	}

}
