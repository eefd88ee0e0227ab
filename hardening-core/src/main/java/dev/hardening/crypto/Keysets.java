package dev.hardening.crypto;

import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.util.SecretBytes;

/**
 * Builds Tink keysets from our keys: each key imported with its own id (so Tink writes that id
 * into the ciphertext), one of them primary.
 */
final class Keysets {

	static {
		try {
			AeadConfig.register();
			DeterministicAeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink could not register its AEAD primitives", ex);
		}
	}

	private Keysets() {
	}

	/** Makes one Tink key from a key's id and secret. */
	@FunctionalInterface
	interface TinkKeyFactory {

		Key create(int id, SecretBytes secret) throws GeneralSecurityException;

	}

	/**
	 * Builds a keyset.
	 * @param keys the keys, with unique ids
	 * @param primaryKeyId the id of the key new values use
	 * @param secretLength the secret length every key must have
	 * @param algorithm the algorithm's name, for messages
	 * @param factory makes the Tink key
	 * @throws IllegalArgumentException if the keys are empty, an id repeats, a secret has another
	 * length, or no key has the primary id; messages never quote a secret
	 */
	static KeysetHandle build(List<FieldKey> keys, int primaryKeyId, int secretLength, String algorithm,
			TinkKeyFactory factory) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("A keyset needs at least one key");
		}
		Set<Integer> ids = new HashSet<>();
		boolean primaryFound = false;
		KeysetHandle.Builder builder = KeysetHandle.newBuilder();
		for (FieldKey key : keys) {
			if (!ids.add(key.id())) {
				throw new IllegalArgumentException("Key id " + key.id() + " is given twice");
			}
			if (key.length() != secretLength) {
				throw new IllegalArgumentException("Key " + key.id() + " has " + key.length() + " secret bytes; "
						+ algorithm + " needs " + secretLength);
			}
			try {
				KeysetHandle.Builder.Entry entry = KeysetHandle
					.importKey(factory.create(key.id(), SecretBytes.copyFrom(key.secret(), InsecureSecretKeyAccess.get())))
					.withFixedId(key.id());
				if (key.id() == primaryKeyId) {
					entry.makePrimary();
					primaryFound = true;
				}
				builder.addEntry(entry);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("Key " + key.id() + " is not a valid " + algorithm + " key");
			}
		}
		if (!primaryFound) {
			throw new IllegalArgumentException("No key has the primary key id " + primaryKeyId + "; the ids are " + ids);
		}
		try {
			return builder.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("The keyset could not be built: " + ex.getMessage());
		}
	}

}
