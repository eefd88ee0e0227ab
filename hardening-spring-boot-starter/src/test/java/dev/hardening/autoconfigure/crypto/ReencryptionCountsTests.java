package dev.hardening.autoconfigure.crypto;

import java.util.List;

import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import dev.hardening.crypto.Reencryption;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/encryption.md: values {@code Reencryption} cannot decrypt (another keyset among them) are
 * counted and named, which its step 3 (remove the old key when none is left) relies on. A value of
 * another keyset whose key has the primary key's id (ids are small numbers), or a value on the
 * primary key that was altered, was skipped as "already on the primary key" without being
 * decrypted, and neither counted nor named; it is now decrypted (not rewritten) and counted.
 */
@ExtendWith(PostgresExtension.class)
class ReencryptionCountsTests {

	@Test
	void aValueOfAnotherKeysetThatNamesThePrimaryKeyIdIsCountedAsUndecryptable(TestPostgres postgres) throws Exception {
		FieldEncryptor application = FieldEncryptor.of(List.of(FieldKey.of(1, filled(32, 1)), FieldKey.of(2, filled(32, 2))), 2);
		FieldEncryptor staging = FieldEncryptor.of(List.of(FieldKey.of(2, filled(32, 99))), 2);
		JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
		jdbc.execute("DROP TABLE IF EXISTS attack67_accounts");
		jdbc.execute("CREATE TABLE attack67_accounts (id BIGINT PRIMARY KEY, api_key TEXT)");
		jdbc.update("INSERT INTO attack67_accounts VALUES (1, ?), (2, ?), (3, ?)",
				application.encrypt("sk_1", "accounts.api_key"), staging.encrypt("sk_2", "accounts.api_key"),
				FieldEncryptor.of(List.of(FieldKey.of(7, filled(32, 7))), 7).encrypt("sk_3", "accounts.api_key"));

		Reencryption.Result result = new Reencryption(postgres.dataSource(), application, 10)
			.run(new Reencryption.Column("attack67_accounts", "id", "api_key", "accounts.api_key"));

		// row 3 (key 7, unknown) is counted; row 2 (key "2" of another keyset) must be too
		assertThat(result.undecryptable()).containsExactlyInAnyOrder("2", "3");
		assertThat(result.undecryptableCount()).isEqualTo(2);
	}

	private static byte[] filled(int length, int value) {
		byte[] bytes = new byte[length];
		java.util.Arrays.fill(bytes, (byte) value);
		return bytes;
	}

}
