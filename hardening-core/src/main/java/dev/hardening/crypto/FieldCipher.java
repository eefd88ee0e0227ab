package dev.hardening.crypto;

/**
 * Encrypts values one by one for storage, and decrypts them again. A ciphertext is text (URL-safe
 * Base64 without padding) that starts with the id of the key that made it, so a keyset can hold
 * old keys for decryption while new values use its primary key.
 *
 * <p>A context (associated data, such as {@code "users.api_key"}) binds a ciphertext to where it
 * belongs: decrypting it with another context fails, so a value copied into another column does
 * not decrypt there. The same context must be given to both calls.
 */
public interface FieldCipher {

	/**
	 * Encrypts a value with the primary key, without a context.
	 * @param plaintext the value
	 * @return the ciphertext
	 */
	default String encrypt(String plaintext) {
		return encrypt(plaintext, "");
	}

	/**
	 * Encrypts a value with the primary key, bound to a context.
	 * @param plaintext the value
	 * @param context the associated data; {@code ""} for none
	 * @return the ciphertext
	 */
	String encrypt(String plaintext, String context);

	/**
	 * Decrypts a value made without a context.
	 * @param ciphertext a ciphertext of this keyset
	 * @return the value
	 * @throws FieldDecryptionException if it cannot be decrypted
	 */
	default String decrypt(String ciphertext) {
		return decrypt(ciphertext, "");
	}

	/**
	 * Decrypts a value.
	 * @param ciphertext a ciphertext of this keyset
	 * @param context the context it was encrypted with
	 * @return the value
	 * @throws FieldDecryptionException if it cannot be decrypted
	 */
	String decrypt(String ciphertext, String context);

	/**
	 * Returns the id of the key that made a ciphertext, without decrypting it.
	 * @param ciphertext a ciphertext
	 * @return the key id
	 * @throws FieldDecryptionException if it is not a field ciphertext
	 */
	default int keyId(String ciphertext) {
		return Ciphertexts.keyId(ciphertext);
	}

	/**
	 * Returns the id of the key new values are encrypted with.
	 * @return the primary key's id
	 */
	int primaryKeyId();

	/**
	 * Tells whether a ciphertext was made with the primary key, so that re-encrypting it changes
	 * nothing.
	 * @param ciphertext a ciphertext
	 * @return {@code true} if its key is the primary key
	 * @throws FieldDecryptionException if it is not a field ciphertext
	 */
	default boolean isCurrent(String ciphertext) {
		return keyId(ciphertext) == primaryKeyId();
	}

	/**
	 * Decrypts a ciphertext and encrypts its value again with the primary key and the same context.
	 * @param ciphertext a ciphertext of this keyset
	 * @param context the context it was encrypted with
	 * @return the new ciphertext
	 * @throws FieldDecryptionException if it cannot be decrypted
	 */
	default String reencrypt(String ciphertext, String context) {
		return encrypt(decrypt(ciphertext, context), context);
	}

}
