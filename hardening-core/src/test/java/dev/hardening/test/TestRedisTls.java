package dev.hardening.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server that speaks only TLS, for tests: the {@code redis-server} of the
 * {@code embedded-redis} artifact (the same binary as {@link TestRedis}, built with TLS) started
 * with {@code port 0} (no plain-text port) and a {@code tls-port} on a free loopback port, and
 * with {@code tls-auth-clients no}: the server shows a certificate, clients show none.
 *
 * <p>{@link #start()} makes the key material in a temporary directory: {@code keytool} of the
 * running JDK generates a self-signed RSA key pair whose certificate names {@code 127.0.0.1}
 * ({@code IP}) and {@code localhost} ({@code DNS}) as subject alternative names; the certificate
 * and the PKCS#8 private key are then written as PEM files for the server (the certificate is its
 * own CA), and a PKCS#12 trust store holding only the certificate is written for clients. No
 * {@code openssl} command is needed.
 */
public final class TestRedisTls implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	/** A loopback address the server listens on too, which its certificate does not name. */
	public static final String OTHER_HOST = "127.0.0.2";

	private static final String ALIAS = "redis";

	private final RedisServer server;

	private final int port;

	private final Path directory;

	private final Path trustStore;

	private final String trustStorePassword;

	private final Path certificateFile;

	private final X509Certificate certificate;

	private TestRedisTls(RedisServer server, int port, Path directory, KeyMaterial keys) {
		this.server = server;
		this.port = port;
		this.directory = directory;
		this.trustStore = keys.trustStore();
		this.trustStorePassword = keys.password();
		this.certificateFile = keys.certificateFile();
		this.certificate = keys.certificate();
	}

	/**
	 * Makes the key material and starts a TLS-only server on a free loopback port.
	 * @return the running server; the caller closes it
	 */
	public static TestRedisTls start() {
		Path directory;
		try {
			directory = Files.createTempDirectory("test-redis-tls");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		@Nullable RedisServer server = null;
		try {
			KeyMaterial keys = KeyMaterial.create(directory);
			int port = TestRedis.freePort();
			Path config = Files.write(directory.resolve("redis.conf"), List.of(
					// also on a second loopback address (Linux routes all of 127/8 to lo), one the certificate
					// does not name, for tests of host-name checks
					"bind " + HOST + " " + OTHER_HOST, "port 0",
					"tls-port " + port, "tls-cert-file " + keys.certificateFile(), "tls-key-file " + keys.keyFile(),
					"tls-ca-cert-file " + keys.certificateFile(), "tls-auth-clients no", "dir " + directory,
					"save \"\"", "appendonly no"), StandardCharsets.UTF_8);
			String executable = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
			server = new RedisServer(port, List.of(executable, config.toString()), false);
			server.start();
			return new TestRedisTls(server, port, directory, keys);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			stopQuietly(server);
			delete(directory);
			throw new IllegalStateException("Could not start a TLS redis-server from the embedded-redis artifact", ex);
		}
	}

	/**
	 * Returns the server's address as a {@code rediss://} URI that verifies the peer fully (the
	 * chain and the host name); the client still needs a trust store, see {@link #trustStore()}.
	 * @return a new URI, safe to modify
	 */
	public RedisURI uri() {
		return RedisURI.builder()
			.withHost(HOST)
			.withPort(this.port)
			.withSsl(true)
			.withVerifyPeer(SslVerifyMode.FULL)
			.build();
	}

	/**
	 * Returns the TLS port; the server has no plain-text port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns a PKCS#12 trust store that holds only the server's certificate.
	 * @return the file, deleted by {@link #close()}
	 */
	public Path trustStore() {
		return this.trustStore;
	}

	/**
	 * Returns the password of the {@linkplain #trustStore() trust store}.
	 * @return the password
	 */
	public String trustStorePassword() {
		return this.trustStorePassword;
	}

	/**
	 * Returns the server's certificate as a PEM file, for clients that take PEM rather than a
	 * key store.
	 * @return the file, deleted by {@link #close()}
	 */
	public Path certificateFile() {
		return this.certificateFile;
	}

	/**
	 * Returns the server's self-signed certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Stops the server and deletes the key material.
	 */
	@Override
	public void close() {
		try {
			stopQuietly(this.server);
		}
		finally {
			delete(this.directory);
		}
	}

	private static void stopQuietly(@Nullable RedisServer server) {
		try {
			if (server != null && server.isActive()) {
				server.stop();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path directory) {
		try (var files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary directory left behind is not a test failure
		}
	}

	private record KeyMaterial(Path certificateFile, Path keyFile, Path trustStore, String password,
			X509Certificate certificate) {

		static KeyMaterial create(Path directory) throws IOException, GeneralSecurityException {
			String password = UUID.randomUUID().toString();
			Path keyStore = directory.resolve("server.p12");
			keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
					"CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12", "-keystore",
					keyStore.toString(), "-storepass", password, "-keypass", password);
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, password.toCharArray());
			}
			X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
			// Key.getEncoded() of an RSA private key is its PKCS#8 PrivateKeyInfo
			byte[] key = store.getKey(ALIAS, password.toCharArray()).getEncoded();
			Path certificateFile = Files.writeString(directory.resolve("redis.crt"),
					pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
			Path keyFile = Files.writeString(directory.resolve("redis.key"), pem("PRIVATE KEY", key),
					StandardCharsets.US_ASCII);
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry(ALIAS, certificate);
			Path trustStore = directory.resolve("truststore.p12");
			try (OutputStream out = Files.newOutputStream(trustStore)) {
				trust.store(out, password.toCharArray());
			}
			return new KeyMaterial(certificateFile, keyFile, trustStore, password, certificate);
		}

		private static String pem(String type, byte[] der) {
			String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
			return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
		}

		private static void keytool(String... arguments) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			try {
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IOException("keytool did not finish within 60 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
				throw new IOException("Interrupted while waiting for keytool", ex);
			}
			if (process.exitValue() != 0) {
				throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output);
			}
		}

	}

}
