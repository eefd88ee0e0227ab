package dev.hardening.cache;

import org.jspecify.annotations.Nullable;

/**
 * What one read of the shared tier found, and the version the key had at that moment, so that a
 * value loaded after a miss is written back only if no put, evict or clear touched the key while
 * it was loading (see {@link RemoteTier#putIfUnchanged}).
 *
 * @param found the value found, or {@code null} on a miss or a failure
 * @param version the key's version, opaque to everyone but the tier that read it; {@code null} when
 * the read failed, and nothing may then be written on its basis
 */
public record RemoteRead(@Nullable CachedValue found, @Nullable Object version) {

	private static final RemoteRead FAILED = new RemoteRead(null, null);

	/**
	 * Returns the read of a tier that could not answer.
	 * @return a miss with no version
	 */
	public static RemoteRead failed() {
		return FAILED;
	}

}
