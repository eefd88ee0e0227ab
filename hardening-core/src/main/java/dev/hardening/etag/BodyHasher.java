package dev.hardening.etag;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Hashes a response body as it is written, for shallow ETags: CRC-32C and CRC-32 (two different
 * polynomials, both computed by CPU instructions on current JVMs) and the length, 80 bits in all,
 * encoded in 14 URL-safe characters. An ETag only has to tell versions of one resource apart, not
 * resist an attacker, and this is several times faster than MD5 (see docs/benchmarks.md).
 * Not thread-safe: one hasher per response.
 */
public final class BodyHasher {

	private static final int TAG_LENGTH = 14;

	private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.getBytes(StandardCharsets.ISO_8859_1);

	private final CRC32C crc32c = new CRC32C();

	private final CRC32 crc32 = new CRC32();

	private long length;

	private BodyHasher() {
	}

	/**
	 * Creates a hasher.
	 * @return a new hasher
	 */
	public static BodyHasher create() {
		return new BodyHasher();
	}

	/**
	 * Adds bytes.
	 * @param bytes the buffer
	 * @param offset where the bytes start
	 * @param count how many
	 */
	public void update(byte[] bytes, int offset, int count) {
		this.crc32c.update(bytes, offset, count);
		this.crc32.update(bytes, offset, count);
		this.length += count;
	}

	/**
	 * Adds one byte.
	 * @param b the byte, in the low eight bits
	 */
	public void update(int b) {
		this.crc32c.update(b);
		this.crc32.update(b);
		this.length++;
	}

	/**
	 * Returns the hash of the bytes added so far, as the opaque part of an entity tag.
	 * @return 14 URL-safe base64 characters
	 */
	public String finish() {
		byte[] text = new byte[TAG_LENGTH];
		encode(text, 0);
		return new String(text, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Returns the entity tag of the bytes added so far, as a header value: the same as
	 * {@code new ETag(finish(), weak).format()}, in one string.
	 * @param weak whether the tag is weak
	 * @return {@code "…"} or {@code W/"…"}, the opaque part being {@link #finish()}'s
	 */
	public String finish(boolean weak) {
		int start = weak ? 3 : 1;
		byte[] text = new byte[start + TAG_LENGTH + 1];
		if (weak) {
			text[0] = 'W';
			text[1] = '/';
		}
		text[start - 1] = '"';
		encode(text, start);
		text[text.length - 1] = '"';
		return new String(text, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Starts again, as a new hasher would.
	 */
	public void reset() {
		this.crc32c.reset();
		this.crc32.reset();
		this.length = 0;
	}

	/**
	 * Writes the URL-safe base64 (no padding) of the 10 bytes CRC-32C, CRC-32 (both big-endian)
	 * and the low 16 bits of the length: three bytes to four characters, the last byte to two.
	 */
	private void encode(byte[] text, int at) {
		long c = this.crc32c.getValue();
		long d = this.crc32.getValue();
		// bytes 0-2, 3-5 and 6-8 of the hash as three 24-bit groups, byte 9 alone
		int g0 = (int) (c >>> 8) & 0xFFFFFF;
		int g1 = (int) (((c & 0xFF) << 16) | (d >>> 16)) & 0xFFFFFF;
		int g2 = (int) (((d & 0xFFFF) << 8) | ((this.length >>> 8) & 0xFF));
		int last = (int) this.length & 0xFF;
		group(text, at, g0);
		group(text, at + 4, g1);
		group(text, at + 8, g2);
		text[at + 12] = ALPHABET[last >>> 2];
		text[at + 13] = ALPHABET[(last & 0x3) << 4];
	}

	private static void group(byte[] text, int at, int bits) {
		text[at] = ALPHABET[bits >>> 18];
		text[at + 1] = ALPHABET[(bits >>> 12) & 0x3F];
		text[at + 2] = ALPHABET[(bits >>> 6) & 0x3F];
		text[at + 3] = ALPHABET[bits & 0x3F];
	}

}
