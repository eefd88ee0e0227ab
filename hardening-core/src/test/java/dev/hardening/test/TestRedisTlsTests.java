package dev.hardening.test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The harness's TLS server is a real one: it serves its self-signed certificate for
 * {@code 127.0.0.1} over TLS only, a client that trusts that certificate (and checks the host
 * name) gets answers, a client that does not trust it fails the handshake, and plain text gets
 * no answer.
 */
class TestRedisTlsTests {

	private static TestRedisTls tls;

	@BeforeAll
	static void startServer() {
		tls = TestRedisTls.start();
	}

	@AfterAll
	static void stopServer() {
		tls.close();
	}

	@Test
	void aClientTrustingTheCertificateVerifiesThePeerFullyAndGetsAnswers() {
		RedisURI uri = tls.uri();
		assertThat(uri.isSsl()).isTrue();
		assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
		SslOptions ssl = SslOptions.builder()
			.jdkSslProvider()
			.truststore(tls.trustStore().toFile(), tls.trustStorePassword())
			.build();
		RedisClient client = RedisClient.create(uri);
		client.setOptions(ClientOptions.builder().sslOptions(ssl).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
			connection.sync().set("over-tls", "yes");
			assertThat(connection.sync().get("over-tls")).isEqualTo("yes");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void theCertificateIsAlsoGivenAsAPemFile() {
		SslOptions ssl = SslOptions.builder().jdkSslProvider().trustManager(tls.certificateFile().toFile()).build();
		RedisClient client = RedisClient.create(tls.uri());
		client.setOptions(ClientOptions.builder().sslOptions(ssl).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void theServerPresentsTheHarnessCertificateForItsIpAddress() throws Exception {
		try (SSLSocket socket = (SSLSocket) trustingTheHarness().getSocketFactory()
			.createSocket("127.0.0.1", tls.port())) {
			handshakeCheckingTheHostName(socket);

			assertThat(socket.getSession().getPeerCertificates()).containsExactly(tls.certificate());
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] answer = socket.getInputStream().readNBytes("+PONG\r\n".length());
			assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void theCertificateAlsoNamesLocalhost() throws Exception {
		// the server listens on 127.0.0.1 only: connect there, and tell TLS the host is "localhost"
		try (Socket plain = new Socket("127.0.0.1", tls.port()); SSLSocket socket = (SSLSocket) trustingTheHarness()
			.getSocketFactory()
			.createSocket(plain, "localhost", tls.port(), true)) {
			handshakeCheckingTheHostName(socket);

			assertThat(socket.getSession().getPeerHost()).isEqualTo("localhost");
			assertThat(socket.getSession().getPeerCertificates()).containsExactly(tls.certificate());
		}
	}

	@Test
	void aHostNameTheCertificateDoesNotNameFailsTheHandshake() throws Exception {
		try (Socket plain = new Socket("127.0.0.1", tls.port()); SSLSocket socket = (SSLSocket) trustingTheHarness()
			.getSocketFactory()
			.createSocket(plain, "redis.example.org", tls.port(), true)) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> handshakeCheckingTheHostName(socket));
		}
	}

	@Test
	void theTrustStoreHoldsOnlyTheCertificate() throws Exception {
		KeyStore trust = loadTrustStore();
		assertThat(Collections.list(trust.aliases())).singleElement()
			.satisfies((alias) -> {
				assertThat(trust.isCertificateEntry(alias)).isTrue();
				assertThat(trust.getCertificate(alias)).isEqualTo(tls.certificate());
			});
	}

	private static SSLContext trustingTheHarness() throws Exception {
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(loadTrustStore());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

	private static KeyStore loadTrustStore() throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(tls.trustStore())) {
			trust.load(in, tls.trustStorePassword().toCharArray());
		}
		return trust;
	}

	private static void handshakeCheckingTheHostName(SSLSocket socket) throws Exception {
		SSLParameters parameters = socket.getSSLParameters();
		// the host name (or IP address) is checked against the certificate's alternative names
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		socket.setSSLParameters(parameters);
		socket.startHandshake();
	}

	@Test
	void aClientWithoutTheTrustStoreFailsTheHandshake() {
		RedisClient client = RedisClient.create(tls.uri());
		try {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect)
				.satisfies((ex) -> assertThat(causes(ex)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void plainTextToTheTlsPortFails() {
		RedisURI plain = RedisURI.create("redis://127.0.0.1:" + tls.port());
		plain.setTimeout(Duration.ofSeconds(5));
		assertThat(plain.isSsl()).isFalse();
		RedisClient client = RedisClient.create(plain);
		try {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect)
				// the server drops the connection (a reset here) rather than leaving the client to time out
				.satisfies((ex) -> assertThat(causes(ex))
					.doesNotHaveAnyElementsOfTypes(RedisCommandTimeoutException.class));
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

}
