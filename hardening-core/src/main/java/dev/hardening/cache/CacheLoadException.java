package dev.hardening.cache;

/**
 * The loader of a missing value failed; every caller that waited for that load gets this
 * exception, with the loader's failure as its cause.
 */
public class CacheLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param cache the cache name
	 * @param cause the loader's failure
	 */
	public CacheLoadException(String cache, Throwable cause) {
		super("Loading a value of cache '" + cache + "' failed", cause);
	}

}
