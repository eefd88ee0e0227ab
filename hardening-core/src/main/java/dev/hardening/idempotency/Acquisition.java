package dev.hardening.idempotency;

import java.util.Objects;

/**
 * What a store answered when a request asked for its key: the key is now the request's to run
 * under, another request holds it, or a request already completed under it.
 */
public sealed interface Acquisition {

	/**
	 * The key was free and is now held by the caller, under a lease, until it completes or releases
	 * it with its owner token.
	 *
	 * @param owner the token that proves the caller holds the key
	 */
	record Acquired(String owner) implements Acquisition {

		/**
		 * Validates the components.
		 */
		public Acquired {
			Objects.requireNonNull(owner, "owner must not be null");
		}

	}

	/**
	 * Another request holds the key and has not completed.
	 *
	 * @param fingerprint the fingerprint of the request that holds it
	 */
	record InProgress(String fingerprint) implements Acquisition {

		/**
		 * Validates the components.
		 */
		public InProgress {
			Objects.requireNonNull(fingerprint, "fingerprint must not be null");
		}

	}

	/**
	 * A request completed under the key and its response is stored.
	 *
	 * @param fingerprint the fingerprint of that request
	 * @param response its response
	 */
	record Completed(String fingerprint, StoredResponse response) implements Acquisition {

		/**
		 * Validates the components.
		 */
		public Completed {
			Objects.requireNonNull(fingerprint, "fingerprint must not be null");
			Objects.requireNonNull(response, "response must not be null");
		}

	}

}
