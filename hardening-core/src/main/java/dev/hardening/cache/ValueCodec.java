package dev.hardening.cache;

import org.jspecify.annotations.Nullable;

/**
 * Turns cached values into bytes for the shared tier and back. Never Java serialization: the
 * starter supplies a JSON codec restricted to the application's own types.
 */
public interface ValueCodec {

	/**
	 * Encodes a value.
	 * @param value the value, possibly {@code null}
	 * @return the bytes
	 * @throws RuntimeException if the value cannot be encoded
	 */
	byte[] encode(@Nullable Object value);

	/**
	 * Decodes bytes written by {@link #encode(Object)}, possibly by another version of the
	 * application.
	 * @param bytes the bytes
	 * @return the value, possibly {@code null}
	 * @throws RuntimeException if the bytes cannot be decoded; the entry is then deleted
	 */
	@Nullable Object decode(byte[] bytes);

}
