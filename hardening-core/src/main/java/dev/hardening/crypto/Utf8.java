package dev.hardening.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: a value that is not well-formed Unicode is refused, not silently changed. */
final class Utf8 {

	private Utf8() {
	}

	static byte[] encode(String text) {
		try {
			ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("The value is not well-formed Unicode (it has an unpaired surrogate)");
		}
	}

}
