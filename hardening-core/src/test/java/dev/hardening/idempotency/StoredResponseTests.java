package dev.hardening.idempotency;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoredResponseTests {

	@Property(tries = 1000)
	void roundTripsThroughItsBinaryForm(@ForAll @IntRange(min = 100, max = 999) int status,
			@ForAll @Size(max = 8) List<@StringLength(max = 40) String> names, @ForAll byte[] body) {
		List<StoredResponse.Header> headers = new ArrayList<>();
		for (String name : names) {
			headers.add(new StoredResponse.Header(name, name + "\u00e9\ud83d\ude00"));
		}
		StoredResponse response = new StoredResponse(status, headers, body);

		byte[] encoded = response.encode();
		byte[] shifted = new byte[encoded.length + 3];
		System.arraycopy(encoded, 0, shifted, 3, encoded.length);

		assertThat(StoredResponse.decode(encoded, 0)).isEqualTo(response);
		assertThat(StoredResponse.decode(shifted, 3)).isEqualTo(response);
	}

	@Test
	void refusesBytesCutShort() {
		byte[] encoded = new StoredResponse(201, List.of(new StoredResponse.Header("Location", "/orders/1")),
				"{\"id\":1}".getBytes()).encode();
		for (int length = 0; length < encoded.length; length++) {
			byte[] cut = java.util.Arrays.copyOf(encoded, length);
			assertThatIllegalArgumentException().isThrownBy(() -> StoredResponse.decode(cut, 0));
		}
	}

}
