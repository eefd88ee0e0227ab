package dev.hardening.autoconfigure.web;

import org.jspecify.annotations.Nullable;

/**
 * The access log's query redaction: the values of parameters named like secrets are replaced by
 * {@code [redacted]}, the rest of the query is kept as sent. Whether a name is a secret's is
 * decided by {@link SecretNames} once per name as sent and remembered in a small table, so a
 * request whose parameters were seen before costs a hash and a comparison per parameter, and a
 * query without secrets is returned as it is, without a copy.
 *
 * <p>The table has a fixed number of slots and keeps names up to a fixed length: names an attacker
 * makes up only replace each other's entries and are decided again, never grow memory. Entries are
 * immutable and published by a plain array write; a thread that misses another's entry decides the
 * name again, with the same answer.
 */
final class QueryRedactor {

	static final String REDACTED = "[redacted]";

	private static final int SLOTS = 256;

	private static final int LONGEST_REMEMBERED = 64;

	private final SecretNames secrets;

	private final @Nullable Decision[] decisions = new Decision[SLOTS];

	QueryRedactor(SecretNames secrets) {
		this.secrets = secrets;
	}

	/**
	 * Redacts a query.
	 * @param query the query as sent
	 * @return the query with the values of secret parameters replaced, or the same string when
	 * none is
	 */
	String redact(String query) {
		int length = query.length();
		StringBuilder out = null;
		int start = 0;
		while (true) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			int equals = query.indexOf('=', start);
			if (equals >= 0 && equals < end && isSecret(query, start, equals)) {
				if (out == null) {
					out = new StringBuilder(length + 16).append(query, 0, start);
				}
				out.append(query, start, equals).append('=').append(REDACTED);
			}
			else if (out != null) {
				out.append(query, start, end);
			}
			if (end == length) {
				return (out != null) ? out.toString() : query;
			}
			if (out != null) {
				out.append('&');
			}
			start = end + 1;
		}
	}

	/** Whether the parameter named by {@code query[start, end)} is a secret, as the name was sent. */
	private boolean isSecret(String query, int start, int end) {
		int length = end - start;
		int hash = 0;
		for (int i = start; i < end; i++) {
			hash = 31 * hash + query.charAt(i);
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		Decision known = this.decisions[slot];
		if (known != null && known.name.length() == length && query.regionMatches(start, known.name, 0, length)) {
			return known.secret;
		}
		String name = query.substring(start, end);
		boolean secret = this.secrets.matches(SecretNames.queryName(name, length));
		if (length <= LONGEST_REMEMBERED) {
			this.decisions[slot] = new Decision(name, secret);
		}
		return secret;
	}

	/** A name as sent, and whether it is a secret's. */
	private record Decision(String name, boolean secret) {
	}

}
