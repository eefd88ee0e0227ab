package dev.hardening.etag;

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
		long c = this.crc32c.getValue();
		long d = this.crc32.getValue();
		byte[] hash = new byte[10];
		for (int i = 0; i < 4; i++) {
			hash[i] = (byte) (c >>> (24 - 8 * i));
			hash[4 + i] = (byte) (d >>> (24 - 8 * i));
		}
		hash[8] = (byte) (this.length >>> 8);
		hash[9] = (byte) this.length;
		return ETag.base64(hash);
	}

}
