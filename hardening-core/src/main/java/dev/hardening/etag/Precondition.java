package dev.hardening.etag;

/**
 * The outcome of evaluating a request's preconditions.
 */
public enum Precondition {

	/** Every precondition holds (or there are none): perform the request. */
	PROCEED,

	/** A {@code GET} or {@code HEAD} whose cached representation is still current: answer {@code 304}. */
	NOT_MODIFIED,

	/** A precondition is false: answer {@code 412} and change nothing. */
	FAILED

}
