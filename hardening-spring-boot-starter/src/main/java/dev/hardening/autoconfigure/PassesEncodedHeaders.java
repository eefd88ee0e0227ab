package dev.hardening.autoconfigure;

/**
 * A response wrapper that overrides {@code addHeader} and {@code setHeader} for some headers only,
 * and says for which: a {@linkplain EncodedHeader header fixed at startup}, or a value of a
 * {@linkplain EncodedHeaderName name fixed at startup}, that it passes may be added or set beneath
 * it, as bytes, without going through its methods ({@link ResponseHeaderBytes}). A wrapper that
 * overrides them and does not implement this is always gone through; so is a subclass that
 * overrides them again below the class that answers {@link #passes(String)}, whose answer it
 * inherits: the answer is for the methods of the class that gives it.
 */
public interface PassesEncodedHeaders {

	/**
	 * Tells whether adding or setting a header beneath this wrapper is what its {@code addHeader}
	 * and {@code setHeader} would do with it: they neither drop, change nor take note of a header
	 * of that name now.
	 * @param name the header's name
	 * @return {@code true} if it may be added or set beneath this wrapper
	 */
	boolean passes(String name);

}
