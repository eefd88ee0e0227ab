package dev.hardening.autoconfigure.idempotency;

/**
 * A request that holds its key: what its completion needs to store its response or release the key.
 *
 * @param rule the policy that guards it
 * @param storeKey its key in the store
 * @param owner the token that proves it holds the key
 * @param fingerprint its fingerprint
 */
record Guarded(IdempotencyRule rule, String storeKey, String owner, String fingerprint) {

	/** The request attribute that holds it, from the interceptor that took the key to the filter. */
	static final String ATTRIBUTE = Guarded.class.getName();

}
