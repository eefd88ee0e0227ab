package dev.hardening.autoconfigure.crypto;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Field encryption keys. Keep the secrets out of {@code application.yml}: give them through the
 * environment ({@code HARDENING_CRYPTO_KEYS_0_SECRET}) or a secret store, as the hardening report's
 * {@code HR-SECRET-LITERAL} finding says.
 */
@ConfigurationProperties("hardening.crypto")
public class FieldEncryptionProperties {

	/** Whether field encryption is configured when keys are given. */
	private boolean enabled = true;

	/**
	 * The AES-256-GCM keys of the {@code FieldEncryptor}: each with an id written into the values
	 * it encrypts, and a 32-byte secret in Base64. Old keys stay listed for as long as values made
	 * with them are stored.
	 */
	private List<Key> keys = new ArrayList<>();

	/**
	 * The id of the key new values are encrypted with. May be left out when there is one key.
	 */
	private @Nullable Integer primaryKey;

	/** The AES-SIV keys of the {@code DeterministicFieldEncryptor}, for columns looked up by equality. */
	private final Keyset deterministic = new Keyset();

	/**
	 * How old the primary key may get, by its {@code created} date, before the hardening report
	 * suggests a rotation.
	 */
	private Duration maxKeyAge = Duration.ofDays(365);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Key> getKeys() {
		return this.keys;
	}

	public void setKeys(List<Key> keys) {
		this.keys = keys;
	}

	public @Nullable Integer getPrimaryKey() {
		return this.primaryKey;
	}

	public void setPrimaryKey(@Nullable Integer primaryKey) {
		this.primaryKey = primaryKey;
	}

	public Keyset getDeterministic() {
		return this.deterministic;
	}

	public Duration getMaxKeyAge() {
		return this.maxKeyAge;
	}

	public void setMaxKeyAge(Duration maxKeyAge) {
		this.maxKeyAge = maxKeyAge;
	}

	/**
	 * The keys of the deterministic encryptor.
	 */
	public static class Keyset {

		/** The AES-SIV keys: each with an id and a 64-byte secret in Base64. */
		private List<Key> keys = new ArrayList<>();

		/** The id of the key new values are encrypted with. May be left out when there is one key. */
		private @Nullable Integer primaryKey;

		public List<Key> getKeys() {
			return this.keys;
		}

		public void setKeys(List<Key> keys) {
			this.keys = keys;
		}

		public @Nullable Integer getPrimaryKey() {
			return this.primaryKey;
		}

		public void setPrimaryKey(@Nullable Integer primaryKey) {
			this.primaryKey = primaryKey;
		}

	}

	/**
	 * One key.
	 */
	public static class Key {

		/** The key's id, at least 1, unique in its keyset; written into every value it encrypts. */
		private int id;

		/** The secret in Base64 (standard or URL-safe). */
		private @Nullable String secret;

		/** When the key was made, for the report's age check. */
		private @Nullable LocalDate created;

		public int getId() {
			return this.id;
		}

		public void setId(int id) {
			this.id = id;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable LocalDate getCreated() {
			return this.created;
		}

		public void setCreated(@Nullable LocalDate created) {
			this.created = created;
		}

	}

}
