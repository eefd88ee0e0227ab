package dev.hardening.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import dev.hardening.cache.CachedValue;
import dev.hardening.cache.RemoteRead;
import dev.hardening.cache.RemoteTier;
import dev.hardening.cache.ValueCodec;
import dev.hardening.redis.RedisConnector;
import dev.hardening.web.LogValues;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier in Redis. Every key of a cache carries the hash tag {@code {<prefix>:<cache>}},
 * so that on a Redis Cluster a cache's keys share one slot and each operation stays one script on
 * one node. Values live under {@code {<prefix>:<cache>}:v:<key>}, stored with the generation they
 * were written in; a clear increments the cache's generation ({@code INCR {<prefix>:<cache>}:gen}),
 * so it costs one command whatever the cache holds (never {@code KEYS} or {@code SCAN}), and values
 * of an older generation read as absent until they are overwritten or expire by their TTL. Every
 * command reads the generation inside Redis, in the same script as the value, so an instance that
 * missed a clear can never read or write an old generation.
 *
 * <p>Every put and evict increments a version ({@code {<prefix>:<cache>}:ver:<stripe>}, one of
 * {@value #STRIPES} counters per cache that the keys share by hash), in the same script that
 * changes the value. A load writes its value only if the generation and the version are still
 * those it read before loading ({@link #putIfUnchanged}), so a load that read the database before
 * a change cannot write the old value back after it. Two keys of one stripe changing together
 * only cost a skipped write.
 *
 * <p>Every put, evict and clear is announced on {@code <prefix>:invalidations}, and the other
 * instances drop their L1 copy.
 *
 * <p>Failures never reach the caller: a read that fails is a miss, a value that cannot be decoded
 * is deleted and reported as a miss, and a circuit breaker stops an outage from costing every
 * call the command timeout. Evictions and clears that could not be applied are kept (up to
 * {@value #MAX_PENDING} keys) and applied when Redis answers again, so an outage does not leave
 * stale values behind. When the subscription is lost, the local caches are emptied once it is
 * back, since messages may have been missed.
 */
public final class RedisTier implements RemoteTier, AutoCloseable {

	static final int MAX_PENDING = 10_000;

	static final int STRIPES = 1024;

	/** How long a version outlives its last change: far longer than any load may take. */
	static final Duration VERSION_TTL = Duration.ofHours(24);

	/** A load older than this could have missed a version that expired meanwhile: it is not written. */
	static final Duration MAX_LOAD_TIME = VERSION_TTL.dividedBy(2);

	private static final Logger logger = LoggerFactory.getLogger(RedisTier.class);

	private static final char CLEAR = 'c';

	private static final Duration SUBSCRIBE_RETRY = Duration.ofSeconds(1);

	private static final byte[] NO_VERSION = new byte[0];

	private final RedisConnector connector;

	private final ValueCodec codec;

	private final String prefix;

	private final String channel;

	private final byte[] channelBytes;

	private final CircuitBreaker breaker;

	private final String instanceId = Long.toHexString(ThreadLocalRandom.current().nextLong());

	private final Map<String, InvalidationListener> listeners = new ConcurrentHashMap<>();

	private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();

	private final Set<String> pendingClears = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean subscribing = new AtomicBoolean();

	private final Map<String, Stats> stats = new ConcurrentHashMap<>();

	private final AtomicBoolean applyingPending = new AtomicBoolean();

	private final LongAdder subscriptions = new LongAdder();

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile long nextSubscribeNanos;

	/** Whether an attempt to subscribe failed, so entries may have been loaded unsubscribed. */
	private volatile boolean subscribeFailed;

	private volatile boolean closed;

	private RedisTier(RedisConnector connector, ValueCodec codec, String prefix, CircuitBreaker breaker) {
		this.connector = connector;
		this.codec = codec;
		this.prefix = prefix;
		this.channel = prefix + ":invalidations";
		this.channelBytes = bytes(this.channel);
		this.breaker = breaker;
	}

	/**
	 * Creates a tier.
	 * @param connector the shared connection
	 * @param codec turns values into bytes and back
	 * @param prefix the namespace of the tier's keys, for example {@code hardening:cache}
	 * @param breaker the circuit breaker in front of Redis, see
	 * {@link dev.hardening.redis.RedisBreaker}
	 * @return the tier
	 */
	public static RedisTier create(RedisConnector connector, ValueCodec codec, String prefix, CircuitBreaker breaker) {
		Objects.requireNonNull(prefix, "prefix must not be null");
		if (prefix.isBlank()) {
			throw new IllegalArgumentException("prefix must not be blank");
		}
		return new RedisTier(Objects.requireNonNull(connector, "connector must not be null"),
				Objects.requireNonNull(codec, "codec must not be null"), prefix,
				Objects.requireNonNull(breaker, "breaker must not be null"));
	}

	/**
	 * Returns a cache's counters in this tier.
	 * @param cache the cache name
	 * @return the statistics, live
	 */
	public Stats stats(String cache) {
		return this.stats.computeIfAbsent(cache, (name) -> new Stats());
	}

	/**
	 * Returns how often the invalidation channel was subscribed, the first time included. Each
	 * time after the first, the local caches were emptied, since messages may have been missed.
	 * @return the number of subscriptions confirmed by Redis
	 */
	public long subscriptions() {
		return this.subscriptions.sum();
	}

	/**
	 * Returns the circuit breaker in front of Redis.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	@Override
	public RemoteRead read(String cache, String key) {
		ensureSubscribed();
		Stats stats = stats(cache);
		long start = System.nanoTime();
		List<Object> reply = call(cache, (redis) -> Scripts.READ.run(redis, keys(cache, key)));
		if (reply == null) {
			stats.misses.increment();
			return RemoteRead.failed();
		}
		String generation = text((byte[]) reply.get(0));
		Version version = new Version(generation, (byte[]) reply.get(1), start);
		byte[] found = (byte[]) reply.get(2);
		if (found == null) {
			stats.misses.increment();
			return new RemoteRead(null, version);
		}
		try {
			CachedValue value = new CachedValue(this.codec.decode(found));
			stats.hits.increment();
			return new RemoteRead(value, version);
		}
		catch (RuntimeException ex) {
			// written by another version of the application, corrupted, or hostile: replace it with a fresh load
			stats.undecodable.increment();
			stats.misses.increment();
			logger.warn("Deleted an undecodable value of cache '{}': {}", cache,
					LogValues.safe(ex.getClass().getName() + ": " + ex.getMessage(), 300));
			call(cache, (redis) -> redis.del(valueKey(cache, key)));
			return new RemoteRead(null, version);
		}
	}

	@Override
	public boolean putIfUnchanged(String cache, String key, RemoteRead since, @Nullable Object value, Duration ttl) {
		if (!(since.version() instanceof Version version)) {
			// the read failed, so there is no telling what changed since: write nothing, keep the load
			return true;
		}
		if (System.nanoTime() - version.readAtNanos() > MAX_LOAD_TIME.toNanos()) {
			return false;
		}
		byte[] bytes = encode(cache, value);
		if (bytes == null) {
			return true;
		}
		Long stored = call(cache, (redis) -> Scripts.PUT_IF_UNCHANGED.run(redis, keys(cache, key), bytes(key), bytes,
				millis(ttl), millis(VERSION_TTL), this.channelBytes, bytes(messagePrefix('e', cache)),
				bytes(version.generation()), version.stripe()));
		if (stored == null) {
			return true;
		}
		if (stored == 1) {
			stats(cache).invalidationsSent.increment();
		}
		return stored == 1;
	}

	@Override
	public void put(String cache, String key, @Nullable Object value, Duration ttl) {
		ensureSubscribed();
		byte[] bytes = encode(cache, value);
		if (bytes == null) {
			evict(cache, key);
			return;
		}
		Long written = call(cache, (redis) -> Scripts.PUT.run(redis, keys(cache, key), bytes(key), bytes, millis(ttl),
				millis(VERSION_TTL), this.channelBytes, bytes(messagePrefix('e', cache))));
		if (written == null) {
			pending(cache, key);
		}
		else {
			stats(cache).invalidationsSent.increment();
		}
	}

	@Override
	public void evict(String cache, String key) {
		ensureSubscribed();
		if (!evictNow(cache, key)) {
			pending(cache, key);
		}
	}

	@Override
	public void clear(String cache) {
		ensureSubscribed();
		if (!clearNow(cache)) {
			this.pendingClears.add(cache);
		}
	}

	@Override
	public void subscribe(String cache, InvalidationListener listener) {
		this.listeners.put(cache, listener);
		ensureSubscribed();
	}

	@Override
	public void close() {
		this.closed = true;
		StatefulRedisPubSubConnection<String, String> current = this.subscription;
		if (current != null) {
			current.close();
		}
	}

	private boolean evictNow(String cache, String key) {
		Long evicted = call(cache, (redis) -> Scripts.EVICT.run(redis, keys(cache, key), bytes(key),
				millis(VERSION_TTL), this.channelBytes, bytes(messagePrefix('e', cache))));
		if (evicted != null) {
			stats(cache).invalidationsSent.increment();
		}
		return evicted != null;
	}

	private boolean clearNow(String cache) {
		Long generation = call(cache, (redis) -> {
			long next = redis.incr(generationKey(cache));
			redis.publish(this.channel, bytes(messagePrefix(CLEAR, cache) + next + '|'));
			return next;
		});
		if (generation != null) {
			stats(cache).invalidationsSent.increment();
		}
		return generation != null;
	}

	private byte @Nullable [] encode(String cache, @Nullable Object value) {
		try {
			return this.codec.encode(value);
		}
		catch (RuntimeException ex) {
			stats(cache).errors.increment();
			logger.warn("Could not encode a value of cache '{}' for Redis: {}", cache, ex.toString());
			return null;
		}
	}

	/**
	 * Runs commands behind the breaker. Afterwards, if Redis answered and changes are pending from
	 * an earlier failure, applies them.
	 * @return the result, or {@code null} if Redis failed or the breaker is open
	 */
	private <T> @Nullable T call(String cache, Function<RedisClusterCommands<String, byte[]>, T> command) {
		if (this.closed || !this.breaker.tryAcquirePermission()) {
			return null;
		}
		long start = System.nanoTime();
		T result;
		try {
			result = this.connector.callBinary(command);
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			stats(cache).errors.increment();
			return null;
		}
		this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		if ((!this.pendingEvictions.isEmpty() || !this.pendingClears.isEmpty())
				&& this.applyingPending.compareAndSet(false, true)) {
			try {
				applyPending();
			}
			finally {
				this.applyingPending.set(false);
			}
		}
		return result;
	}

	private void applyPending() {
		for (String cache : Set.copyOf(this.pendingClears)) {
			if (this.pendingClears.remove(cache) && !clearNow(cache)) {
				this.pendingClears.add(cache);
				return;
			}
		}
		for (String entry : Set.copyOf(this.pendingEvictions)) {
			if (!this.pendingEvictions.remove(entry)) {
				continue;
			}
			int separator = entry.indexOf('\u0000');
			if (!evictNow(entry.substring(0, separator), entry.substring(separator + 1))) {
				this.pendingEvictions.add(entry);
				return;
			}
		}
	}

	private void pending(String cache, String key) {
		if (this.pendingEvictions.size() < MAX_PENDING) {
			this.pendingEvictions.add(cache + '\u0000' + key);
		}
		else {
			// too many to remember one by one: clear the whole cache once Redis is back
			this.pendingClears.add(cache);
		}
	}

	private void onMessage(String message) {
		String[] parts = message.split("\\|", 6);
		if (parts.length != 6 || !"1".equals(parts[0]) || this.instanceId.equals(parts[1]) || parts[2].isEmpty()) {
			return;
		}
		String cache = parts[3];
		InvalidationListener listener = this.listeners.get(cache);
		if (listener == null) {
			return;
		}
		listener.invalidate((parts[2].charAt(0) == CLEAR) ? null : parts[5]);
		// counted once applied, so that whoever watches the count sees the entry gone
		stats(cache).invalidationsReceived.increment();
	}

	/** Messages may have been missed while unsubscribed: every local entry is suspect. */
	private void onResubscribed() {
		this.listeners.values().forEach((listener) -> listener.invalidate(null));
		logger.info("Cache invalidations resubscribed; local caches emptied, as messages may have been missed");
	}

	private void ensureSubscribed() {
		if (this.subscription != null || this.closed || this.listeners.isEmpty()
				|| System.nanoTime() - this.nextSubscribeNanos < 0 || !this.subscribing.compareAndSet(false, true)) {
			return;
		}
		try {
			StatefulRedisPubSubConnection<String, String> connection = this.connector.connectPubSub();
			connection.addListener(new RedisPubSubAdapter<>() {

				private boolean subscribedBefore;

				@Override
				public void message(String channel, String message) {
					onMessage(message);
				}

				@Override
				public void subscribed(String channel, long count) {
					// after the first time, Lettuce subscribed again after a reconnect
					if (this.subscribedBefore || RedisTier.this.subscribeFailed) {
						onResubscribed();
					}
					this.subscribedBefore = true;
					RedisTier.this.subscriptions.increment();
				}

			});
			connection.sync().subscribe(this.channel);
			this.subscription = connection;
		}
		catch (RuntimeException ex) {
			this.subscribeFailed = true;
			this.nextSubscribeNanos = System.nanoTime() + SUBSCRIBE_RETRY.toNanos();
			logger.debug("Could not subscribe to cache invalidations: {}", ex.toString());
		}
		finally {
			this.subscribing.set(false);
		}
	}

	/** The generation key, the version key of the key's stripe and the value key, all in the cache's slot. */
	private String[] keys(String cache, String key) {
		String tag = hashTag(cache);
		return new String[] { tag + ":gen", tag + ":ver:" + Math.floorMod(key.hashCode(), STRIPES), tag + ":v:" + key };
	}

	private String valueKey(String cache, String key) {
		return hashTag(cache) + ":v:" + key;
	}

	private String generationKey(String cache) {
		return hashTag(cache) + ":gen";
	}

	/**
	 * The part of a cache's keys that Redis Cluster hashes: the first braces of a key name, here
	 * always its first characters, so that nothing in a cache key can move it to another slot.
	 */
	private String hashTag(String cache) {
		return "{" + this.prefix + ':' + cache + '}';
	}

	private String messagePrefix(char operation, String cache) {
		return "1|" + this.instanceId + '|' + operation + '|' + cache + '|';
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static byte[] millis(Duration duration) {
		return bytes(Long.toString(Math.max(1, duration.toMillis())));
	}

	/**
	 * The generation and stripe version a read saw, and when it was made.
	 */
	private record Version(String generation, byte[] stripe, long readAtNanos) {

		Version {
			stripe = (stripe != null) ? stripe : NO_VERSION;
		}

	}

	/**
	 * One cache's counters in the tier.
	 */
	public static final class Stats {

		private final LongAdder hits = new LongAdder();

		private final LongAdder misses = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final LongAdder undecodable = new LongAdder();

		private final LongAdder invalidationsSent = new LongAdder();

		private final LongAdder invalidationsReceived = new LongAdder();

		/** @return reads that found a value */
		public long hits() {
			return this.hits.sum();
		}

		/** @return reads that found nothing, failed, or found an undecodable value */
		public long misses() {
			return this.misses.sum();
		}

		/** @return commands that failed */
		public long errors() {
			return this.errors.sum();
		}

		/** @return values that could not be decoded and were deleted */
		public long undecodable() {
			return this.undecodable.sum();
		}

		/** @return invalidations announced to the other instances */
		public long invalidationsSent() {
			return this.invalidationsSent.sum();
		}

		/** @return invalidations received from the other instances */
		public long invalidationsReceived() {
			return this.invalidationsReceived.sum();
		}

	}

}
