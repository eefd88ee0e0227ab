package dev.hardening.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.hardening.cache.CachedValue;
import dev.hardening.cache.RemoteTier;
import dev.hardening.cache.ValueCodec;
import dev.hardening.redis.RedisConnector;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier in Redis. Values live under {@code <prefix>:<cache>:<generation>:<key>}; a clear
 * increments the cache's generation ({@code INCR <prefix>:<cache>:gen}), so it costs one command
 * whatever the cache holds (never {@code KEYS} or {@code SCAN}), and the old generation's keys
 * expire by their TTL. Every put, evict and clear is announced on
 * {@code <prefix>:invalidations}, and the other instances drop their L1 copy.
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

	private static final Logger logger = LoggerFactory.getLogger(RedisTier.class);

	private static final char EVICT = 'e';

	private static final char CLEAR = 'c';

	private static final Duration SUBSCRIBE_RETRY = Duration.ofSeconds(1);

	private final RedisConnector connector;

	private final ValueCodec codec;

	private final String prefix;

	private final String channel;

	private final CircuitBreaker breaker;

	private final String instanceId = Long.toHexString(ThreadLocalRandom.current().nextLong());

	private final Map<String, InvalidationListener> listeners = new ConcurrentHashMap<>();

	private final Map<String, Long> generations = new ConcurrentHashMap<>();

	private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();

	private final Set<String> pendingClears = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean subscribing = new AtomicBoolean();

	private final Map<String, Stats> stats = new ConcurrentHashMap<>();

	private final AtomicBoolean applyingPending = new AtomicBoolean();

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile long nextSubscribeNanos;

	private volatile boolean closed;

	private RedisTier(RedisConnector connector, ValueCodec codec, String prefix, CircuitBreaker breaker) {
		this.connector = connector;
		this.codec = codec;
		this.prefix = prefix;
		this.channel = prefix + ":invalidations";
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
	 * Returns the circuit breaker in front of Redis.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	@Override
	public @Nullable CachedValue get(String cache, String key) {
		ensureSubscribed();
		Stats stats = stats(cache);
		Found found = call(cache, (redis, generation) -> {
			String redisKey = key(cache, generation, key);
			byte[] bytes = redis.get(redisKey);
			return (bytes != null) ? new Found(redisKey, bytes) : null;
		}, null);
		if (found == null) {
			stats.misses.increment();
			return null;
		}
		try {
			CachedValue value = new CachedValue(this.codec.decode(found.bytes()));
			stats.hits.increment();
			return value;
		}
		catch (RuntimeException ex) {
			// written by another version of the application, or corrupted: replace it with a fresh load
			stats.undecodable.increment();
			stats.misses.increment();
			logger.warn("Deleted an undecodable value of cache '{}': {}", cache, ex.toString());
			call(cache, (redis, generation) -> redis.del(found.key()), null);
			return null;
		}
	}

	@Override
	public void put(String cache, String key, @Nullable Object value, Duration ttl) {
		ensureSubscribed();
		byte[] bytes;
		try {
			bytes = this.codec.encode(value);
		}
		catch (RuntimeException ex) {
			stats(cache).errors.increment();
			logger.warn("Could not encode a value of cache '{}' for Redis: {}", cache, ex.toString());
			evict(cache, key);
			return;
		}
		Long written = call(cache, (redis, generation) -> {
			redis.set(key(cache, generation, key), bytes, SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
			publish(redis, EVICT, cache, generation, key);
			return 1L;
		}, null);
		if (written == null) {
			pending(cache, key);
		}
	}

	@Override
	public void evict(String cache, String key) {
		ensureSubscribed();
		Long evicted = call(cache, (redis, generation) -> {
			redis.del(key(cache, generation, key));
			publish(redis, EVICT, cache, generation, key);
			return 1L;
		}, null);
		if (evicted == null) {
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

	private boolean clearNow(String cache) {
		Long generation = call(cache, (redis, current) -> {
			long next = redis.incr(generationKey(cache));
			this.generations.put(cache, next);
			publish(redis, CLEAR, cache, next, "");
			return next;
		}, null);
		return generation != null;
	}

	/**
	 * Runs commands behind the breaker, with the cache's generation, fetched first if unknown.
	 * Afterwards, if Redis answered and changes are pending from an earlier failure, applies them.
	 * @return the result, or {@code fallback} if Redis failed or the breaker is open
	 */
	private <T> @Nullable T call(String cache, Command<T> command, @Nullable T fallback) {
		if (this.closed || !this.breaker.tryAcquirePermission()) {
			return fallback;
		}
		long start = System.nanoTime();
		T result;
		try {
			RedisCommands<String, byte[]> redis = this.connector.binaryConnection().sync();
			result = command.run(redis, generation(cache, redis));
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			stats(cache).errors.increment();
			return fallback;
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

	private long generation(String cache, RedisCommands<String, byte[]> redis) {
		Long known = this.generations.get(cache);
		if (known != null) {
			return known;
		}
		byte[] stored = redis.get(generationKey(cache));
		long generation = (stored != null) ? Long.parseLong(new String(stored, StandardCharsets.US_ASCII)) : 0;
		this.generations.putIfAbsent(cache, generation);
		return this.generations.get(cache);
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
			String cache = entry.substring(0, separator);
			String key = entry.substring(separator + 1);
			Long done = call(cache, (redis, generation) -> {
				redis.del(key(cache, generation, key));
				publish(redis, EVICT, cache, generation, key);
				return 1L;
			}, null);
			if (done == null) {
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

	private void publish(RedisCommands<String, byte[]> redis, char operation, String cache, long generation,
			String key) {
		String message = "1|" + this.instanceId + '|' + operation + '|' + cache + '|' + generation + '|' + key;
		redis.publish(this.channel, message.getBytes(StandardCharsets.UTF_8));
		stats(cache).invalidationsSent.increment();
	}

	private void onMessage(String message) {
		String[] parts = message.split("\\|", 6);
		if (parts.length != 6 || !"1".equals(parts[0]) || this.instanceId.equals(parts[1])) {
			return;
		}
		String cache = parts[3];
		stats(cache).invalidationsReceived.increment();
		InvalidationListener listener = this.listeners.get(cache);
		if (parts[2].charAt(0) == CLEAR) {
			this.generations.put(cache, Long.parseLong(parts[4]));
			if (listener != null) {
				listener.invalidate(null);
			}
		}
		else if (listener != null) {
			listener.invalidate(parts[5]);
		}
	}

	/** Messages may have been missed while unsubscribed: every local entry is suspect. */
	private void onResubscribed() {
		this.generations.clear();
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
					if (this.subscribedBefore) {
						onResubscribed();
					}
					this.subscribedBefore = true;
				}

			});
			connection.sync().subscribe(this.channel);
			this.subscription = connection;
			if (!this.generations.isEmpty()) {
				// values may have changed before this subscription existed
				onResubscribed();
			}
		}
		catch (RuntimeException ex) {
			this.nextSubscribeNanos = System.nanoTime() + SUBSCRIBE_RETRY.toNanos();
			logger.debug("Could not subscribe to cache invalidations: {}", ex.toString());
		}
		finally {
			this.subscribing.set(false);
		}
	}

	private String key(String cache, long generation, String key) {
		return this.prefix + ':' + cache + ':' + generation + ':' + key;
	}

	private String generationKey(String cache) {
		return this.prefix + ':' + cache + ":gen";
	}

	private record Found(String key, byte[] bytes) {
	}

	@FunctionalInterface
	private interface Command<T> {

		T run(RedisCommands<String, byte[]> redis, long generation);

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
