package dev.hardening.cache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The Lua scripts of {@link RedisTier}: each reads the cache's generation inside Redis and does
 * its work in the same atomic step, so no instance ever acts on a generation or a version it read
 * earlier. Keys: {@code KEYS[1]} the generation key, {@code KEYS[2]} the version key of the key's
 * stripe. A value's key is built in the script from the value prefix, the generation and the key.
 */
enum Scripts {

	/** ARGV: value prefix, key. Returns {generation, version, value or nil}. */
	READ(ScriptOutputType.MULTI, """
			local g = redis.call('GET', KEYS[1]) or '0'
			return {g, redis.call('GET', KEYS[2]) or '', redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2])}
			"""),

	/** ARGV: value prefix, key, value, TTL ms, version TTL ms, channel, message prefix. */
	PUT(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[5])
			redis.call('PUBLISH', ARGV[6], ARGV[7] .. g .. '|' .. ARGV[2])
			return 1
			"""),

	/**
	 * ARGV: as {@link #PUT}, then the generation and the version the load read first. Returns 1
	 * when written, 0 when the version moved, -1 when the generation moved.
	 */
	PUT_IF_UNCHANGED(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			if g ~= ARGV[8] then return -1 end
			if (redis.call('GET', KEYS[2]) or '') ~= ARGV[9] then return 0 end
			redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[5])
			redis.call('PUBLISH', ARGV[6], ARGV[7] .. g .. '|' .. ARGV[2])
			return 1
			"""),

	/** ARGV: value prefix, key, version TTL ms, channel, message prefix. */
	EVICT(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			redis.call('DEL', ARGV[1] .. g .. ':' .. ARGV[2])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('PUBLISH', ARGV[4], ARGV[5] .. g .. '|' .. ARGV[2])
			return 1
			""");

	private final ScriptOutputType output;

	private final String source;

	private final String sha;

	Scripts(ScriptOutputType output, String source) {
		this.output = output;
		this.source = source;
		this.sha = sha1(source);
	}

	/**
	 * Runs the script by its digest, sending its source only the first time a server lacks it.
	 */
	<T> T run(RedisCommands<String, byte[]> redis, String[] keys, byte[]... args) {
		try {
			return redis.evalsha(this.sha, this.output, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return redis.eval(this.source, this.output, keys, args);
		}
	}

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
