package dev.hardening.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.awaitility.core.ConditionTimeoutException;
import redis.embedded.RedisInstance;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Sentinel deployment for tests: a primary, one replica of it ({@code replicaof}) and
 * three sentinels that monitor the primary as {@value #MASTER_NAME} with a quorum of two, all
 * started from the {@code redis-server} of the {@code embedded-redis} artifact (the same binary as
 * {@link TestRedis}; a sentinel is that binary run with {@code --sentinel}) on free loopback
 * ports, each with its configuration file and working directory in a temporary directory.
 * {@link #start()} returns once the replica is in sync with the primary and every sentinel knows
 * the primary, the replica and the two other sentinels.
 *
 * <p>The sentinels consider a node down after {@value #DOWN_AFTER_MILLISECONDS} ms without an
 * answer and give a failover {@value #FAILOVER_TIMEOUT_MILLISECONDS} ms, so that a test of a
 * failover does not wait for the production defaults (30 s and 3 min).
 */
public final class TestRedisSentinel implements AutoCloseable {

	/** The name under which the sentinels monitor the primary. */
	public static final String MASTER_NAME = "mymaster";

	/** How long a node may be silent before a sentinel considers it down. */
	public static final long DOWN_AFTER_MILLISECONDS = 1000;

	/** The sentinels' {@code failover-timeout}. */
	public static final long FAILOVER_TIMEOUT_MILLISECONDS = 3000;

	private static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * How long a former primary may take to be turned into a replica: a sentinel asks a replica
	 * for its role every 10 seconds, waits 8 more once it reports itself a master, and on a loaded
	 * machine each step takes longer (a full build once saw more than 60 seconds).
	 */
	private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(180);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final List<RedisInstance> processes = new ArrayList<>();

	private final List<RedisServer> nodes = new ArrayList<>();

	private final List<Integer> nodePorts = new ArrayList<>();

	private final List<Integer> sentinelPorts = new ArrayList<>();

	private final Path directory;

	private TestRedisSentinel(Path directory) {
		this.directory = directory;
	}

	/**
	 * Starts a primary, a replica and three sentinels and waits until they know each other.
	 * @return the running deployment; the caller closes it
	 */
	public static TestRedisSentinel start() {
		Path directory;
		try {
			directory = Files.createTempDirectory("test-redis-sentinel");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TestRedisSentinel sentinel = new TestRedisSentinel(directory);
		try {
			sentinel.startProcesses();
			sentinel.awaitReady();
		}
		catch (IOException ex) {
			sentinel.close();
			throw new IllegalStateException("Could not start the redis-server processes of a test sentinel deployment",
					ex);
		}
		catch (RuntimeException ex) {
			sentinel.close();
			throw ex;
		}
		return sentinel;
	}

	private void startProcesses() throws IOException {
		String executable = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
		int[] ports = freePorts(5);
		int primary = ports[0];
		int replica = ports[1];
		launchNode(executable, primary, List.of());
		launchNode(executable, replica, List.of("replicaof " + HOST + " " + primary));
		// the replica is in sync before a sentinel starts: its first INFO of the primary lists the replica
		await().atMost(READY_TIMEOUT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> onNode(replica, (connection) -> connection.sync().info("replication"))
				.contains("master_link_status:up"));
		for (int i = 2; i < ports.length; i++) {
			launchSentinel(executable, ports[i], primary);
		}
	}

	private void launchNode(String executable, int port, List<String> extraSettings) throws IOException {
		Path node = Files.createDirectories(this.directory.resolve("node-" + port));
		List<String> settings = new ArrayList<>(List.of("bind " + HOST, "port " + port, "dir " + node, "save \"\"",
				"appendonly no", "repl-diskless-sync yes", "repl-diskless-sync-delay 0"));
		settings.addAll(extraSettings);
		Path config = writeConfig(node.resolve("redis.conf"), settings);
		RedisServer server = new RedisServer(port, List.of(executable, config.toString()), false);
		this.processes.add(server);
		this.nodes.add(server);
		this.nodePorts.add(port);
		server.start();
	}

	private void launchSentinel(String executable, int port, int primary) throws IOException {
		Path node = Files.createDirectories(this.directory.resolve("sentinel-" + port));
		Path config = writeConfig(node.resolve("sentinel.conf"),
				List.of("bind " + HOST, "port " + port, "dir " + node,
						"sentinel monitor " + MASTER_NAME + " " + HOST + " " + primary + " 2",
						"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLISECONDS,
						"sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MILLISECONDS,
						"sentinel parallel-syncs " + MASTER_NAME + " 1"));
		RedisSentinel sentinel = new RedisSentinel(port, List.of(executable, config.toString(), "--sentinel"), false);
		this.processes.add(sentinel);
		this.sentinelPorts.add(port);
		sentinel.start();
	}

	private static Path writeConfig(Path file, List<String> settings) throws IOException {
		// a sentinel rewrites its file (its ID, the replicas and sentinels it found), so the file is ours, on disk
		return Files.write(file, settings, StandardCharsets.UTF_8);
	}

	private void awaitReady() {
		int primary = this.nodePorts.get(0);
		await().atMost(READY_TIMEOUT).pollInterval(POLL_INTERVAL).until(() -> {
			for (int i = 0; i < this.sentinelPorts.size(); i++) {
				Map<String, String> master = onSentinel(i, (connection) -> connection.sync().master(MASTER_NAME));
				if (!"master".equals(master.get("flags")) || !Integer.toString(primary).equals(master.get("port"))
						|| !"1".equals(master.get("num-slaves"))
						|| !Integer.toString(this.sentinelPorts.size() - 1).equals(master.get("num-other-sentinels"))) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Returns the name under which the sentinels monitor the primary.
	 * @return {@value #MASTER_NAME}
	 */
	public String masterName() {
		return MASTER_NAME;
	}

	/**
	 * Returns the sentinels' addresses, one Lettuce URI each.
	 * @return new URIs, safe to modify
	 */
	public List<RedisURI> sentinels() {
		return this.sentinelPorts.stream().map((port) -> RedisURI.create(HOST, port)).toList();
	}

	/**
	 * Returns a URI for a Lettuce {@code RedisClient} that asks the three sentinels for the primary
	 * of {@value #MASTER_NAME}.
	 * @return a new URI, safe to modify
	 */
	public RedisURI sentinelUri() {
		RedisURI.Builder builder = RedisURI.Builder.sentinel(HOST, this.sentinelPorts.get(0), MASTER_NAME);
		for (int port : this.sentinelPorts.subList(1, this.sentinelPorts.size())) {
			builder.withSentinel(HOST, port);
		}
		return builder.build();
	}

	/**
	 * Returns the ports of the two data nodes, the first started as primary and the second as its
	 * replica; which of them is primary now, {@link #currentPrimaryPort()} tells.
	 * @return the ports
	 */
	public List<Integer> nodePorts() {
		return List.copyOf(this.nodePorts);
	}

	/**
	 * Asks the first sentinel for the primary's address ({@code SENTINEL get-master-addr-by-name}).
	 * @return the primary's port
	 */
	public int currentPrimaryPort() {
		return primaryPortSeenBy(0);
	}

	private int primaryPortSeenBy(int sentinel) {
		SocketAddress address = onSentinel(sentinel,
				(connection) -> connection.sync().getMasterAddrByName(MASTER_NAME));
		return ((InetSocketAddress) address).getPort();
	}

	/**
	 * Fails over with {@code SENTINEL FAILOVER}: waits until a sentinel may promote the replica
	 * (it knows it as a replica of the current primary with its link up), sends the command, and
	 * returns once every sentinel reports the former replica as primary and that node answers
	 * {@code ROLE} as a master. The former primary is turned into a replica by the sentinels some
	 * seconds later; this method does not wait for that.
	 * @return the port of the new primary
	 */
	public int failover() {
		int primary = currentPrimaryPort();
		int next = this.nodePorts.stream().filter((port) -> port != primary).findFirst().orElseThrow();
		await().atMost(READY_TIMEOUT).pollInterval(POLL_INTERVAL).until(() -> {
			for (int i = 0; i < this.sentinelPorts.size(); i++) {
				List<Map<String, String>> replicas = onSentinel(i,
						(connection) -> connection.sync().replicas(MASTER_NAME));
				boolean good = replicas.stream()
					.anyMatch((replica) -> Integer.toString(next).equals(replica.get("port"))
							&& "slave".equals(replica.get("flags")) && "ok".equals(replica.get("master-link-status")));
				if (!good) {
					return false;
				}
			}
			return true;
		});
		onSentinel(0, (connection) -> connection.sync().failover(MASTER_NAME));
		awaitPrimary(next);
		return next;
	}

	/**
	 * Stops a data node's process, as a crash would for its clients and the sentinels (the process
	 * is ended the way embedded-redis ends it, and no sentinel is told). With the primary stopped,
	 * the sentinels fail over by themselves once it has been silent for
	 * {@value #DOWN_AFTER_MILLISECONDS} ms.
	 * @param port the node's port, one of {@link #nodePorts()}
	 */
	public void stopNode(int port) {
		try {
			node(port).stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a {@linkplain #stopNode(int) stopped} data node again on its port, with the
	 * configuration it was last given (the sentinels rewrite it when they reconfigure the node)
	 * and whatever data file a replication left in its directory; nothing is saved otherwise.
	 * @param port the node's port, one of {@link #nodePorts()}
	 */
	public void startNode(int port) {
		try {
			node(port).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private RedisServer node(int port) {
		int index = this.nodePorts.indexOf(port);
		if (index < 0) {
			throw new IllegalArgumentException("No data node on port " + port + "; the nodes are " + this.nodePorts);
		}
		return this.nodes.get(index);
	}

	/**
	 * Waits until every sentinel names a node as the primary and that node answers {@code ROLE}
	 * as a master: after {@link #stopNode(int) stopping} the primary, the sentinels' own failover.
	 * @param port the node's port
	 */
	public void awaitPrimary(int port) {
		// promoting a replica, a sentinel kills its normal clients (CLIENT KILL TYPE normal): one may be ours
		await().atMost(READY_TIMEOUT)
			.pollInterval(POLL_INTERVAL)
			.ignoreExceptionsInstanceOf(RedisException.class)
			.until(() -> {
				for (int i = 0; i < this.sentinelPorts.size(); i++) {
					if (primaryPortSeenBy(i) != port) {
						return false;
					}
				}
				return "master".equals(role(port));
			});
	}

	/**
	 * Waits until a data node answers as a replica of a primary, with its replication link up: the
	 * state the sentinels put a former primary in some seconds after a failover. Connections the
	 * sentinels kill while they reconfigure the node are retried.
	 * @param port the node's port
	 * @param primaryPort the primary's port
	 */
	public void awaitReplicaOf(int port, int primaryPort) {
		try {
			awaitReplication(port, primaryPort);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The node on " + port + " did not become a replica of " + primaryPort + " within "
					+ REJOIN_TIMEOUT + "; what the processes say now:" + state(), ex);
		}
	}

	private void awaitReplication(int port, int primaryPort) {
		await().atMost(REJOIN_TIMEOUT)
			.pollInterval(POLL_INTERVAL)
			.ignoreExceptionsInstanceOf(RedisException.class)
			.until(() -> {
				List<String> replication = onNode(port, (connection) -> connection.sync().info("replication"))
					.lines()
					.toList();
				return replication.contains("role:slave") && replication.contains("master_port:" + primaryPort)
						&& replication.contains("master_link_status:up");
			});
	}

	/**
	 * What each process says of the deployment now, for a failure's message: each node's
	 * {@code INFO replication}, and each sentinel's {@code INFO sentinel} (its tilt mode among it),
	 * its view of the primary and of the replicas ({@code SENTINEL MASTER}, {@code SENTINEL REPLICAS}:
	 * flags, the role each reported and when, the link's state). Redis's own log is not kept: the
	 * embedded-redis launcher closes a process's output once the process is ready.
	 * @return one section per process
	 */
	String state() {
		StringBuilder state = new StringBuilder();
		for (int port : this.nodePorts) {
			state.append(System.lineSeparator()).append("--- node ").append(port).append(System.lineSeparator());
			state.append(describe(() -> onNode(port, (connection) -> connection.sync().info("replication"))));
		}
		for (int i = 0; i < this.sentinelPorts.size(); i++) {
			int sentinel = i;
			state.append(System.lineSeparator())
				.append("--- sentinel ")
				.append(this.sentinelPorts.get(i))
				.append(System.lineSeparator());
			state.append(describe(() -> onSentinel(sentinel, (connection) -> connection.sync().info("sentinel"))));
			state.append(describe(() -> "master " + onSentinel(sentinel,
					(connection) -> connection.sync().master(MASTER_NAME))));
			state.append(System.lineSeparator());
			state.append(describe(() -> "replicas " + onSentinel(sentinel,
					(connection) -> connection.sync().replicas(MASTER_NAME))));
		}
		return state.toString();
	}

	private static String describe(Supplier<String> question) {
		try {
			return question.get();
		}
		catch (RuntimeException ex) {
			return "(no answer: " + ex + ")";
		}
	}

	/**
	 * Returns the role a data node reports for itself, the first element of {@code ROLE}.
	 * @param port the node's port
	 * @return {@code master} or {@code slave}
	 */
	public String role(int port) {
		return onNode(port, (connection) -> String.valueOf(connection.sync().role().get(0)));
	}

	/**
	 * Runs a command on one data node, directly, whatever the sentinels say.
	 * @param <T> what it returns
	 * @param port the node's port, one of {@link #nodePorts()}
	 * @param command the command
	 * @return what it returned
	 */
	public <T> T onNode(int port, Function<StatefulRedisConnection<String, String>, T> command) {
		RedisClient client = RedisClient.create(RedisURI.create(HOST, port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return command.apply(connection);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Runs a command on one sentinel.
	 * @param <T> what it returns
	 * @param sentinel the sentinel's index, 0 to 2
	 * @param command the command
	 * @return what it returned
	 */
	public <T> T onSentinel(int sentinel,
			Function<StatefulRedisSentinelConnection<String, String>, T> command) {
		RedisClient client = RedisClient.create();
		try (StatefulRedisSentinelConnection<String, String> connection = client
			.connectSentinel(RedisURI.create(HOST, this.sentinelPorts.get(sentinel)))) {
			return command.apply(connection);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Stops the sentinels, then the data nodes, and deletes the temporary directory.
	 */
	@Override
	public void close() {
		// sentinels first (started last), so that none of them fails over a node being stopped
		IOException failure = null;
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			RedisInstance process = this.processes.get(i);
			try {
				if (process.isActive()) {
					process.stop();
				}
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		try (var files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary directory left behind is not a test failure
		}
		if (failure != null) {
			throw new UncheckedIOException(failure);
		}
	}

	private static int[] freePorts(int count) {
		// all sockets are held open until every port is chosen, so no two of the ports are the same
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// the port is still free for the server
				}
			}
		}
	}

}
