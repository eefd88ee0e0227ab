package dev.hardening.cache.redis;

import dev.hardening.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;

/**
 * The Lua scripts of {@link RedisTier}: each reads the cache's generation inside Redis and does
 * its work in the same atomic step, so no instance ever acts on a generation or a version it read
 * earlier. Keys, all of one cache and so of one hash slot: {@code KEYS[1]} the generation key,
 * {@code KEYS[2]} the version key of the key's stripe, {@code KEYS[3]} the value key. A value is
 * stored as {@code <generation>:<bytes>}; one of an older generation reads as absent.
 */
final class Scripts {

	/** ARGV: none. Returns {generation, version, value or nil}. */
	static final RedisScript READ = new RedisScript(ScriptOutputType.MULTI, """
			local g = redis.call('GET', KEYS[1]) or '0'
			local v = redis.call('GET', KEYS[3])
			if v then
				local n = string.find(v, ':', 1, true)
				if n == nil or string.sub(v, 1, n - 1) ~= g then v = false else v = string.sub(v, n + 1) end
			end
			return {g, redis.call('GET', KEYS[2]) or '', v}
			""");

	/** ARGV: key, value, TTL ms, version TTL ms, channel, message prefix. */
	static final RedisScript PUT = new RedisScript(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			redis.call('SET', KEYS[3], g .. ':' .. ARGV[2], 'PX', ARGV[3])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			redis.call('PUBLISH', ARGV[5], ARGV[6] .. g .. '|' .. ARGV[1])
			return 1
			""");

	/**
	 * ARGV: as {@link #PUT}, then the generation and the version the load read first. Returns 1
	 * when written, 0 when the version moved, -1 when the generation moved.
	 */
	static final RedisScript PUT_IF_UNCHANGED = new RedisScript(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			if g ~= ARGV[7] then return -1 end
			if (redis.call('GET', KEYS[2]) or '') ~= ARGV[8] then return 0 end
			redis.call('SET', KEYS[3], g .. ':' .. ARGV[2], 'PX', ARGV[3])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			redis.call('PUBLISH', ARGV[5], ARGV[6] .. g .. '|' .. ARGV[1])
			return 1
			""");

	/** ARGV: key, version TTL ms, channel, message prefix. */
	static final RedisScript EVICT = new RedisScript(ScriptOutputType.INTEGER, """
			local g = redis.call('GET', KEYS[1]) or '0'
			redis.call('DEL', KEYS[3])
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[2])
			redis.call('PUBLISH', ARGV[3], ARGV[4] .. g .. '|' .. ARGV[1])
			return 1
			""");

	private Scripts() {
	}

}
