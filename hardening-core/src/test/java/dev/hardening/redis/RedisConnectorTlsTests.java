package dev.hardening.redis;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;

import javax.net.ssl.TrustManagerFactory;

import dev.hardening.redis.RedisSettings.VerifyPeer;
import dev.hardening.test.TestRedisTls;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connector against a real Redis that speaks only TLS, with a certificate of its own
 * certificate authority (self-signed, for 127.0.0.1 and localhost).
 */
class RedisConnectorTlsTests {

	private static TestRedisTls redis;

	@BeforeAll
	static void start() {
		redis = TestRedisTls.start();
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void connectsOverTlsCheckingTheCertificateAgainstTheGivenTrustMaterial() throws Exception {
		try (RedisConnector connector = RedisConnector.create(settings("127.0.0.1")
			.trustManagerFactory(trust())
			.build())) {
			assertThat(connector.settings().tls()).isTrue();
			assertThat(connector.commands().ping()).isEqualTo("PONG");
			assertThat(new RedisProbe(connector).probe().role()).isEqualTo("master");
		}
	}

	@Test
	void refusesAServerItsTrustMaterialDoesNotVouchFor() {
		// the JDK's default trust store knows nothing of this certificate authority
		try (RedisConnector connector = RedisConnector.create(settings("127.0.0.1").build())) {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> connector.commands().ping());
		}
	}

	@Test
	void checksTheHostNameUnlessToldToCheckTheChainOnly() throws Exception {
		// the certificate names 127.0.0.1 and localhost, not the other loopback address the server listens on
		try (RedisConnector full = RedisConnector.create(
				settings(TestRedisTls.OTHER_HOST).trustManagerFactory(trust()).build());
				RedisConnector chainOnly = RedisConnector.create(settings(TestRedisTls.OTHER_HOST)
					.trustManagerFactory(trust())
					.verifyPeer(VerifyPeer.CA)
					.build())) {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> full.commands().ping());
			assertThat(chainOnly.commands().ping()).isEqualTo("PONG");
		}
	}

	@Test
	void aPlainTextConnectionToTheTlsPortFails() {
		try (RedisConnector plain = RedisConnector
			.create(RedisSettings.builder("redis://127.0.0.1:" + redis.port()).build())) {
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> plain.commands().ping());
		}
	}

	/** A first TLS handshake in a cold JVM on a busy machine: these tests are about trust, not time. */
	private static RedisSettings.Builder settings(String host) {
		return RedisSettings.builder(url(host)).commandTimeout(java.time.Duration.ofSeconds(10));
	}

	private static String url(String host) {
		return "rediss://" + host + ":" + redis.port();
	}

	static TrustManagerFactory trust() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(redis.trustStore())) {
			store.load(in, redis.trustStorePassword().toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return factory;
	}

}
