package dev.hardening.crypto;

/**
 * A stored value could not be decrypted: it is not a field ciphertext, was made with a key the
 * keyset no longer has, was made for another context, or was altered. The message says which of
 * these it can tell, and never quotes the value.
 */
public class FieldDecryptionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what went wrong, without the value
	 */
	public FieldDecryptionException(String message) {
		super(message);
	}

}
