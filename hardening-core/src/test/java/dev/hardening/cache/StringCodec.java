package dev.hardening.cache;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A codec for tests: strings and {@code null} only, so a test can also write bytes this codec
 * refuses.
 */
public final class StringCodec implements ValueCodec {

	@Override
	public byte[] encode(@Nullable Object value) {
		return ((value == null) ? "n" : "s:" + value).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public @Nullable Object decode(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		if (text.equals("n")) {
			return null;
		}
		if (text.startsWith("s:")) {
			return text.substring(2);
		}
		throw new IllegalArgumentException("Not a value of this codec");
	}

}
