package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * A response body held while its ETag is computed, in chunks of {@value #CHUNK} bytes taken from a
 * pool shared by all responses and given back as soon as the body is out. A body grows by whole
 * chunks, so what it holds is never copied to grow it, and in the steady state holding a body
 * allocates nothing: a 38 KB body cost 120 KB of doubling arrays before. The pool keeps at most
 * {@value #POOLED} chunks (512 KB), and only as many as responses held at once have needed; past
 * that, chunks are allocated and left to the garbage collector. Not thread-safe: one per response.
 */
final class HeldBody {

	/** A chunk's size: a power of two, the size of the writes of Jackson and of Tomcat's buffer. */
	static final int CHUNK = 8192;

	private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);

	/** How many chunks the pool keeps at most: a power of two. */
	static final int POOLED = 64;

	/** How many slots of the pool are tried, from a thread's own, before allocating or dropping. */
	private static final int PROBES = 8;

	private static final AtomicReferenceArray<byte @Nullable []> POOL = new AtomicReferenceArray<>(POOLED);

	private byte @Nullable [] @Nullable [] chunks;

	private int size;

	/** How many bytes are held. */
	int size() {
		return this.size;
	}

	void write(byte[] bytes, int offset, int count) {
		while (count > 0) {
			byte[] chunk = chunkFor(this.size);
			int at = this.size & (CHUNK - 1);
			int n = Math.min(count, CHUNK - at);
			System.arraycopy(bytes, offset, chunk, at, n);
			this.size += n;
			offset += n;
			count -= n;
		}
	}

	void write(int b) {
		chunkFor(this.size)[this.size & (CHUNK - 1)] = (byte) b;
		this.size++;
	}

	/** Writes what is held to the stream, chunk by chunk, in order. */
	void writeTo(OutputStream out) throws IOException {
		byte @Nullable [] @Nullable [] chunks = this.chunks;
		for (int i = 0, left = this.size; left > 0; i++, left -= CHUNK) {
			out.write(chunks[i], 0, Math.min(left, CHUNK));
		}
	}

	/** Drops what is held, keeping the chunks for what comes next. */
	void clear() {
		this.size = 0;
	}

	/**
	 * Drops what is held and gives the chunks back to the pool; the body may be written to again
	 * (it then takes chunks anew), but nothing written before is kept.
	 */
	void release() {
		byte @Nullable [] @Nullable [] chunks = this.chunks;
		this.size = 0;
		if (chunks == null) {
			return;
		}
		int home = home();
		for (int i = 0; i < chunks.length && chunks[i] != null; i++) {
			giveBack(chunks[i], home);
			chunks[i] = null;
		}
	}

	/**
	 * Drops what is held and the chunks, without giving them back to the pool: for a body another
	 * thread may still be writing or releasing.
	 */
	void drop() {
		this.chunks = null;
		this.size = 0;
	}

	private byte[] chunkFor(int position) {
		int index = position >>> SHIFT;
		byte @Nullable [] @Nullable [] chunks = this.chunks;
		if (chunks == null) {
			chunks = new byte[4][];
			this.chunks = chunks;
		}
		else if (index == chunks.length) {
			chunks = Arrays.copyOf(chunks, chunks.length * 2);
			this.chunks = chunks;
		}
		byte[] chunk = chunks[index];
		if (chunk == null) {
			chunk = take(home());
			chunks[index] = chunk;
		}
		return chunk;
	}

	/** Where a thread starts looking in the pool: threads that run at once mostly use other slots. */
	private static int home() {
		return System.identityHashCode(Thread.currentThread()) * PROBES;
	}

	private static byte[] take(int home) {
		for (int i = 0; i < PROBES; i++) {
			int slot = (home + i) & (POOLED - 1);
			byte[] chunk = POOL.get(slot);
			if (chunk != null && POOL.compareAndSet(slot, chunk, null)) {
				return chunk;
			}
		}
		return new byte[CHUNK];
	}

	private static void giveBack(byte[] chunk, int home) {
		for (int i = 0; i < PROBES; i++) {
			int slot = (home + i) & (POOLED - 1);
			if (POOL.get(slot) == null && POOL.compareAndSet(slot, null, chunk)) {
				return;
			}
		}
	}

}
