package dev.hardening.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests. {@link #shared()} is the server named by
 * {@value #URL_VARIABLE} when that is set, otherwise a {@code redis-server} from the
 * {@code embedded-redis} artifact started once per JVM on a free loopback port.
 * {@link #startDedicated()} starts a server of the test's own, which it may stop and start again
 * to simulate a crash.
 *
 * <p>If no server can be had, these methods throw: a test that needs Redis fails, it never skips.
 */
public final class TestRedis implements AutoCloseable {

	/** The environment variable naming an existing server, for example {@code redis://localhost:6379/0}. */
	public static final String URL_VARIABLE = "HARDENING_TEST_REDIS_URL";

	private static @Nullable TestRedis shared;

	private final @Nullable RedisServer server;

	private final RedisURI uri;

	private TestRedis(@Nullable RedisServer server, RedisURI uri) {
		this.server = server;
		this.uri = uri;
	}

	/**
	 * Returns the server shared by all tests of this JVM, starting it on first use.
	 * @return the shared server
	 */
	public static synchronized TestRedis shared() {
		if (shared == null) {
			String url = System.getenv(URL_VARIABLE);
			TestRedis redis = (url != null && !url.isBlank()) ? new TestRedis(null, RedisURI.create(url))
					: startDedicated();
			Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "test-redis-shutdown"));
			shared = redis;
		}
		return shared;
	}

	/**
	 * Starts a new embedded server on a free loopback port, whatever {@value #URL_VARIABLE} says.
	 * The caller closes it.
	 * @return the running server
	 */
	public static TestRedis startDedicated() {
		IOException failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return startEmbedded(freePort());
			}
			catch (IOException ex) {
				// most likely the port was taken between choosing and binding it: try another
				failure = ex;
			}
		}
		throw new IllegalStateException("Could not start redis-server from the embedded-redis artifact; set "
				+ URL_VARIABLE + " to use an existing server", failure);
	}

	/**
	 * Starts a new embedded server on a given port, for tests of a client that was started
	 * before its server.
	 * @param port the port
	 * @return the running server
	 */
	public static TestRedis startDedicatedOn(int port) {
		try {
			return startEmbedded(port);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server on port " + port, ex);
		}
	}

	private static TestRedis startEmbedded(int port) throws IOException {
		RedisServer server = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return new TestRedis(server, RedisURI.create("127.0.0.1", port));
	}

	/** A loopback port free now (another process may take it before it is bound). */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether a loopback port can be bound now (another process may take it before it is). */
	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Returns the server's address as a {@code redis://} URI.
	 * @return the URI, with database and password when the server has them
	 */
	public URI uri() {
		return this.uri.toURI();
	}

	/**
	 * Returns the server's address for Lettuce.
	 * @return a copy of the Lettuce URI, safe to modify
	 */
	public RedisURI redisUri() {
		return RedisURI.builder(this.uri).build();
	}

	/**
	 * Returns the host name.
	 * @return the host
	 */
	public String host() {
		return this.uri.getHost();
	}

	/**
	 * Returns the port.
	 * @return the port
	 */
	public int port() {
		return this.uri.getPort();
	}

	/**
	 * Deletes every key of this server's database, so a test starts empty.
	 */
	public void flush() {
		RedisClient client = RedisClient.create(redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushdb();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Stops the server process, as a crash would. Only for a {@linkplain #startDedicated()
	 * dedicated} server.
	 */
	public void stop() {
		try {
			embedded().stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the server again on the same port, empty. Only for a {@linkplain #startDedicated()
	 * dedicated} server.
	 */
	public void start() {
		try {
			embedded().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private RedisServer embedded() {
		if (this.server == null) {
			throw new IllegalStateException("An external server (" + URL_VARIABLE + ") cannot be stopped or started");
		}
		return this.server;
	}

	/**
	 * Stops an embedded server; does nothing for an external one.
	 */
	@Override
	public void close() {
		if (this.server != null && this.server.isActive()) {
			stop();
		}
	}

}
