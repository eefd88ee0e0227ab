package dev.hardening.autoconfigure;

/**
 * A response wrapper that overrides {@code addHeader} for some headers only, and says for which:
 * a {@linkplain EncodedHeader header fixed at startup} that it passes may be added beneath it, as
 * bytes, without going through its {@code addHeader} ({@link ResponseHeaderBytes}). A wrapper that
 * overrides {@code addHeader} and does not implement this is always gone through.
 */
public interface PassesEncodedHeaders {

	/**
	 * Tells whether adding a header beneath this wrapper is what its {@code addHeader} would do
	 * with it: it neither drops, changes nor takes note of that header now.
	 * @param header the header
	 * @return {@code true} if it may be added beneath this wrapper
	 */
	boolean passes(EncodedHeader header);

}
