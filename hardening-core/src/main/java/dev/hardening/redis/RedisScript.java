package dev.hardening.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Lua script run by its SHA-1 digest ({@code EVALSHA}), its source sent ({@code EVAL}) only when
 * the server does not have it yet: after a restart or a {@code SCRIPT FLUSH}. One round trip in
 * the usual case.
 */
public final class RedisScript {

	private final ScriptOutputType output;

	private final String source;

	private final String sha;

	/**
	 * Creates a script.
	 * @param output what the script returns
	 * @param source its Lua source
	 */
	public RedisScript(ScriptOutputType output, String source) {
		this.output = Objects.requireNonNull(output, "output must not be null");
		this.source = Objects.requireNonNull(source, "source must not be null");
		this.sha = sha1(source);
	}

	/**
	 * Runs the script. On a Cluster it runs on the node of its first key's slot: every key it
	 * touches must be in {@code keys} and share that slot (a hash tag).
	 * @param <V> the connection's value type
	 * @param <T> the result type, as {@link ScriptOutputType} maps it
	 * @param redis the commands of a connection
	 * @param keys every key it touches
	 * @param args its arguments
	 * @return its result
	 */
	@SafeVarargs
	public final <V, T> T run(RedisClusterCommands<String, V> redis, String[] keys, V... args) {
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
