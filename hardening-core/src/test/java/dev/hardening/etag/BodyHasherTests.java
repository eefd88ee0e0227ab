package dev.hardening.etag;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shallow ETag's value must not change from one release to the next: clients and caches hold
 * ETags across a deploy, and a changed value turns every revalidation into a full response once.
 */
class BodyHasherTests {

	@Test
	void keepsTheValueOfEarlierReleases() {
		byte[] body = "{\"id\":1,\"name\":\"Apollo\"}".getBytes(StandardCharsets.UTF_8);
		BodyHasher hasher = BodyHasher.create();
		hasher.update(body, 0, body.length);

		assertThat(hasher.finish()).isEqualTo("9w5m-44N5F0AGA");
		assertThat(hasher.finish(false)).isEqualTo("\"9w5m-44N5F0AGA\"");
		assertThat(hasher.finish(true)).isEqualTo("W/\"9w5m-44N5F0AGA\"");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 68, 255, 256, 8191, 38269, 65535, 65536, 65537, 200_000 })
	void isBase64OfBothChecksumsAndTheLengthAsDefined(int length) {
		byte[] body = new byte[length];
		new Random(length).nextBytes(body);
		BodyHasher hasher = BodyHasher.create();
		int half = length / 2;
		hasher.update(body, 0, half);
		for (int i = half; i < length; i++) {
			hasher.update(body[i]);
		}

		String expected = reference(body);
		assertThat(hasher.finish()).isEqualTo(expected);
		assertThat(hasher.finish(true)).isEqualTo(ETag.weak(expected).format());
		assertThat(hasher.finish(false)).isEqualTo(ETag.strong(expected).format());
	}

	@Test
	void resetStartsAgain() {
		byte[] body = "body".getBytes(StandardCharsets.UTF_8);
		BodyHasher hasher = BodyHasher.create();
		hasher.update(body, 0, body.length);
		hasher.reset();
		hasher.update(body, 0, 2);

		assertThat(hasher.finish()).isEqualTo(reference("bo".getBytes(StandardCharsets.UTF_8)));
	}

	/** The definition, as the first release computed it. */
	private static String reference(byte[] body) {
		CRC32C crc32c = new CRC32C();
		CRC32 crc32 = new CRC32();
		crc32c.update(body, 0, body.length);
		crc32.update(body, 0, body.length);
		long c = crc32c.getValue();
		long d = crc32.getValue();
		byte[] hash = new byte[10];
		for (int i = 0; i < 4; i++) {
			hash[i] = (byte) (c >>> (24 - 8 * i));
			hash[4 + i] = (byte) (d >>> (24 - 8 * i));
		}
		hash[8] = (byte) (body.length >>> 8);
		hash[9] = (byte) body.length;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
	}

}
