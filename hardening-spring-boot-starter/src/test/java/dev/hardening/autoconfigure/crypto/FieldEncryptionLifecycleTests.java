package dev.hardening.autoconfigure.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.Reencryption;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field encryption over an application's life on a real PostgreSQL: a value written before a
 * restart reads back after it (keys come from properties, not from the process); a key rotation
 * re-encrypts 10,000 rows while the application goes on reading them; and no plaintext or key
 * reaches the log on the way.
 */
@ExtendWith({ PostgresExtension.class, OutputCaptureExtension.class })
class FieldEncryptionLifecycleTests {

	private static final String CONTEXT = "accounts.api_key";

	private static final String KEY_1 = randomSecret();

	private static final String KEY_2 = randomSecret();

	private static final String[] ONE_KEY = { "hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1 };

	private static final String[] ROTATED = { "hardening.crypto.keys[0].id=1", "hardening.crypto.keys[0].secret=" + KEY_1,
			"hardening.crypto.keys[1].id=2", "hardening.crypto.keys[1].secret=" + KEY_2,
			"hardening.crypto.primary-key=2" };

	private final ApplicationContextRunner application = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FieldEncryptionAutoConfiguration.class));

	private JdbcTemplate jdbc;

	@BeforeEach
	void createTable(TestPostgres postgres) {
		this.jdbc = new JdbcTemplate(postgres.dataSource());
		this.jdbc.execute("DROP TABLE IF EXISTS lifecycle_accounts");
		this.jdbc.execute("CREATE TABLE lifecycle_accounts (id BIGINT PRIMARY KEY, api_key TEXT)");
	}

	@AfterEach
	void noPlaintextOrKeyWasLogged(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("sk_live_").doesNotContain(KEY_1).doesNotContain(KEY_2);
	}

	@Test
	void aValueWrittenBeforeARestartReadsBackAfterItAndAfterARotation() {
		this.application.withPropertyValues(ONE_KEY).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			this.jdbc.update("INSERT INTO lifecycle_accounts VALUES (1, ?)", encryptor.encrypt("sk_live_before", CONTEXT));
		});
		// a new process: same properties, nothing kept in memory
		this.application.withPropertyValues(ONE_KEY).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			assertThat(encryptor.decrypt(stored(1), CONTEXT)).isEqualTo("sk_live_before");
		});
		this.application.withPropertyValues(ROTATED).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			assertThat(encryptor.decrypt(stored(1), CONTEXT)).isEqualTo("sk_live_before");
			this.jdbc.update("INSERT INTO lifecycle_accounts VALUES (2, ?)", encryptor.encrypt("sk_live_after", CONTEXT));
			assertThat(encryptor.keyId(stored(1))).isEqualTo(1);
			assertThat(encryptor.keyId(stored(2))).isEqualTo(2);
		});
		this.application.withPropertyValues(ROTATED).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			assertThat(encryptor.decrypt(stored(2), CONTEXT)).isEqualTo("sk_live_after");
		});
	}

	@Test
	void aRotationReencrypts10000RowsWhileTheApplicationReadsThem(TestPostgres postgres) {
		int rows = 10_000;
		this.application.withPropertyValues(ONE_KEY).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			List<Object[]> batch = new ArrayList<>(rows);
			for (int id = 1; id <= rows; id++) {
				batch.add(new Object[] { id, encryptor.encrypt("sk_live_" + id, CONTEXT) });
			}
			this.jdbc.batchUpdate("INSERT INTO lifecycle_accounts VALUES (?, ?)", batch);
		});
		this.application.withPropertyValues(ROTATED).run((context) -> {
			FieldEncryptor encryptor = context.getBean(FieldEncryptor.class);
			AtomicBoolean done = new AtomicBoolean();
			CountDownLatch readersStarted = new CountDownLatch(2);
			ExecutorService readers = Executors.newFixedThreadPool(2);
			List<Future<Long>> reads = new ArrayList<>();
			for (int r = 0; r < 2; r++) {
				reads.add(readers.submit(() -> {
					readersStarted.countDown();
					long count = 0;
					// at least one full read after the job ends, so every reader sees both key ids
					do {
						long id = ThreadLocalRandom.current().nextLong(1, rows + 1);
						String value = encryptor.decrypt(stored(id), CONTEXT);
						if (!value.equals("sk_live_" + id)) {
							throw new AssertionError("row " + id + " read back wrong");
						}
						count++;
					}
					while (!done.get() || count < 1);
					return count;
				}));
			}
			readersStarted.await();
			Reencryption.Result result = new Reencryption(postgres.dataSource(), encryptor, 500)
				.run(new Reencryption.Column("lifecycle_accounts", "id", "api_key", CONTEXT));
			done.set(true);
			long totalReads = 0;
			for (Future<Long> read : reads) {
				totalReads += read.get();
			}
			readers.shutdown();
			assertThat(totalReads).isPositive();
			assertThat(result.read()).isEqualTo(rows);
			assertThat(result.reencrypted()).isEqualTo(rows);
			assertThat(result.undecryptableCount()).isZero();
			assertThat(this.jdbc.queryForList("SELECT api_key FROM lifecycle_accounts", String.class))
				.hasSize(rows)
				.allSatisfy((value) -> assertThat(encryptor.keyId(value)).isEqualTo(2));
		});
	}

	private String stored(long id) {
		return this.jdbc.queryForObject("SELECT api_key FROM lifecycle_accounts WHERE id = ?", String.class, id);
	}

	private static String randomSecret() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
