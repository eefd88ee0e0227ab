package dev.hardening.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.hardening.crypto.Reencryption.Column;
import dev.hardening.crypto.Reencryption.Result;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Re-encryption on a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class ReencryptionTests {

	private static final Column API_KEYS = new Column("accounts", "id", "api_key", "accounts.api_key");

	private final DataSource dataSource;

	private final FieldKey one = FieldEncryptorTests.key(1, 32);

	private final FieldKey two = FieldEncryptorTests.key(2, 32);

	ReencryptionTests(TestPostgres postgres) {
		this.dataSource = postgres.dataSource();
	}

	@BeforeEach
	void createTable() throws Exception {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS accounts");
			statement.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, api_key text)");
		}
	}

	@Test
	void movesEveryValueToThePrimaryKeyInBatchesAndSkipsThoseAlreadyThere() throws Exception {
		FieldEncryptor old = FieldEncryptor.of(List.of(this.one), 1);
		FieldEncryptor rotated = FieldEncryptor.of(List.of(this.one, this.two), 2);
		for (long id = 1; id <= 250; id++) {
			FieldEncryptor writer = (id % 5 == 0) ? rotated : old;
			insert(id, (id % 7 == 0) ? null : writer.encrypt("key-" + id, API_KEYS.context()));
		}
		Result result = new Reencryption(this.dataSource, rotated, 40).run(API_KEYS);
		Map<Long, String> stored = stored();
		long withValue = stored.values().stream().filter((v) -> v != null).count();
		assertThat(result.read()).isEqualTo(withValue);
		assertThat(result.reencrypted()).isEqualTo(stored.entrySet().stream()
			.filter((e) -> e.getValue() != null && e.getKey() % 5 != 0).count());
		assertThat(result.undecryptableCount()).isZero();
		FieldEncryptor newOnly = FieldEncryptor.of(List.of(this.two), 2);
		stored.forEach((id, value) -> {
			if (value == null) {
				assertThat(id % 7).isZero();
			}
			else {
				assertThat(newOnly.decrypt(value, API_KEYS.context())).isEqualTo("key-" + id);
			}
		});
		Result again = new Reencryption(this.dataSource, rotated, 40).run(API_KEYS);
		assertThat(again.reencrypted()).isZero();
		assertThat(again.read()).isEqualTo(withValue);
	}

	@Test
	void leavesValuesItCannotDecryptAsTheyAreAndNamesTheirIds() throws Exception {
		FieldEncryptor encryptor = FieldEncryptor.of(List.of(this.one, this.two), 2);
		insert(1, FieldEncryptor.of(List.of(this.one), 1).encrypt("a", API_KEYS.context()));
		insert(2, "plain text written before encryption");
		insert(3, FieldEncryptor.of(List.of(FieldEncryptorTests.key(1, 32)), 1).encrypt("b", API_KEYS.context()));
		Result result = new Reencryption(this.dataSource, encryptor, 10).run(API_KEYS);
		assertThat(result.reencrypted()).isEqualTo(1);
		assertThat(result.undecryptable()).containsExactly("2", "3");
		assertThat(stored().get(2L)).isEqualTo("plain text written before encryption");
	}

	/**
	 * The application writes new values while the job runs: none of them is overwritten with the
	 * job's re-encryption of the value it replaced. 30 rounds of 60 rows, the writers released
	 * together with the job.
	 */
	@Test
	void neverOverwritesAValueTheApplicationWroteWhileItRan() throws Exception {
		FieldEncryptor old = FieldEncryptor.of(List.of(this.one), 1);
		FieldEncryptor rotated = FieldEncryptor.of(List.of(this.one, this.two), 2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 30; round++) {
				createTable();
				try (Connection connection = this.dataSource.getConnection();
						PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
					for (long id = 1; id <= 60; id++) {
						insert.setLong(1, id);
						insert.setString(2, old.encrypt("old-" + id, API_KEYS.context()));
						insert.addBatch();
					}
					insert.executeBatch();
				}
				CountDownLatch start = new CountDownLatch(1);
				Future<Result> job = pool.submit(() -> {
					start.await();
					return new Reencryption(this.dataSource, rotated, 7).run(API_KEYS);
				});
				Future<?> writes = pool.submit(() -> {
					start.await();
					try (Connection connection = this.dataSource.getConnection();
							PreparedStatement update = connection
								.prepareStatement("UPDATE accounts SET api_key = ? WHERE id = ?")) {
						for (long id = 1; id <= 60; id += 3) {
							update.setString(1, rotated.encrypt("new-" + id, API_KEYS.context()));
							update.setLong(2, id);
							update.executeUpdate();
						}
					}
					return null;
				});
				start.countDown();
				Result result = job.get();
				writes.get();
				stored().forEach((id, value) -> {
					String expected = ((id - 1) % 3 == 0) ? "new-" + id : "old-" + id;
					assertThat(rotated.decrypt(value, API_KEYS.context())).as("row %d", id).isEqualTo(expected);
					assertThat(rotated.isCurrent(value)).as("row %d on the primary key", id).isTrue();
				});
				assertThat(result.undecryptableCount()).isZero();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void namesThatAreNotPlainIdentifiersAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Column("accounts; DROP TABLE x", "id", "v", ""))
			.withMessage("table must be a plain SQL identifier (letters, digits, _)");
		assertThatIllegalArgumentException().isThrownBy(() -> new Column("accounts", "id", "a.v", ""))
			.withMessage("A column name has no schema or table part");
		assertThat(new Column("app.accounts", "id", "api_key", "").table()).isEqualTo("app.accounts");
	}

	private void insert(long id, String value) throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
			statement.setLong(1, id);
			statement.setString(2, value);
			statement.executeUpdate();
		}
	}

	private Map<Long, String> stored() throws Exception {
		Map<Long, String> stored = new HashMap<>();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, api_key FROM accounts ORDER BY id")) {
			while (rows.next()) {
				stored.put(rows.getLong(1), rows.getString(2));
			}
		}
		return stored;
	}

}
