package dev.hardening.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTests {

	@Test
	void isFortyThreeCharactersOfUrlSafeBase64() {
		assertThat(Fingerprint.start().add("POST").add("/orders").finish()).hasSize(43).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void theSamePartsGiveTheSameFingerprint() {
		assertThat(Fingerprint.start().add("POST").add("/orders").add(new byte[] { 1, 2 }).finish())
			.isEqualTo(Fingerprint.start().add("POST").add("/orders").add(new byte[] { 1, 2 }).finish());
	}

	@Test
	void partsCannotBeShiftedIntoEachOther() {
		assertThat(Fingerprint.start().add("ab").add("c").finish())
			.isNotEqualTo(Fingerprint.start().add("a").add("bc").finish());
		assertThat(Fingerprint.start().add((String) null).finish()).isNotEqualTo(Fingerprint.start().add("").finish());
		assertThat(Fingerprint.start().add("/orders").add("a=1").finish())
			.isNotEqualTo(Fingerprint.start().add("/orders?a=1").add((String) null).finish());
	}

}
