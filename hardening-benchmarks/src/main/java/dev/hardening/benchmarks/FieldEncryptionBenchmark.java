package dev.hardening.benchmarks;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldCipher;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encrypting one field costs: encrypting and decrypting a 40-character API key with a
 * context, AES-256-GCM ({@code random}) and AES-SIV ({@code deterministic}), against {@code plain},
 * the same value copied as a store without encryption would (a new {@code String}), the baseline.
 * With {@code -prof gc}, the bytes each allocates.
 *
 * <pre>
 * ./mvnw -o -q -Pbenchmarks package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar FieldEncryptionBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FieldEncryptionBenchmark {

	private static final String CONTEXT = "accounts.api_key";

	@Param({ "random", "deterministic" })
	public String mode;

	private final String value = "sk_live_4eC39HqLyjWDarjtT1zdp7dc0123456789";

	private FieldCipher cipher;

	private String ciphertext;

	@Setup
	public void setUp() {
		SecureRandom random = new SecureRandom();
		if (this.mode.equals("random")) {
			byte[] key = new byte[32];
			random.nextBytes(key);
			this.cipher = FieldEncryptor.of(List.of(FieldKey.of(1, key)), 1);
		}
		else {
			byte[] key = new byte[64];
			random.nextBytes(key);
			this.cipher = DeterministicFieldEncryptor.of(List.of(FieldKey.of(1, key)), 1);
		}
		this.ciphertext = this.cipher.encrypt(this.value, CONTEXT);
	}

	@Benchmark
	public String plain() {
		return new String(this.value);
	}

	@Benchmark
	public String encrypt() {
		return this.cipher.encrypt(this.value, CONTEXT);
	}

	@Benchmark
	public String decrypt() {
		return this.cipher.decrypt(this.ciphertext, CONTEXT);
	}

}
