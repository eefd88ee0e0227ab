package dev.hardening.etag;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code If-Match} or {@code If-None-Match} field: {@code *}, or a list of entity
 * tags. Whitespace around members and empty list members are tolerated (RFC 9110 §5.6.1); anything
 * else makes the whole field {@linkplain #isMalformed() malformed}.
 */
public final class EntityTags {

	private static final EntityTags ANY = new EntityTags(true, List.of(), false);

	private static final EntityTags MALFORMED = new EntityTags(false, List.of(), true);

	private final boolean any;

	private final List<ETag> tags;

	private final boolean malformed;

	private EntityTags(boolean any, List<ETag> tags, boolean malformed) {
		this.any = any;
		this.tags = tags;
		this.malformed = malformed;
	}

	/**
	 * Parses a field from its lines.
	 * @param lines every line of the field in the request, in order; empty when absent
	 * @return the parsed field, or {@code null} if the field is absent
	 */
	public static @Nullable EntityTags parse(List<String> lines) {
		if (lines.isEmpty()) {
			return null;
		}
		List<ETag> tags = new ArrayList<>();
		boolean star = false;
		for (String line : lines) {
			int i = 0;
			int length = line.length();
			while (i < length) {
				char c = line.charAt(i);
				if (c == ' ' || c == '\t' || c == ',') {
					i++;
					continue;
				}
				if (c == '*') {
					star = true;
					i++;
					continue;
				}
				int start = i;
				if (line.startsWith("W/", i)) {
					i += 2;
				}
				if (i >= length || line.charAt(i) != '"') {
					return MALFORMED;
				}
				int close = line.indexOf('"', i + 1);
				if (close < 0) {
					return MALFORMED;
				}
				ETag tag = ETag.parse(line.substring(start, close + 1)).orElse(null);
				if (tag == null) {
					return MALFORMED;
				}
				tags.add(tag);
				i = close + 1;
				if (i < length && line.charAt(i) != ',' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
					return MALFORMED;
				}
			}
		}
		if (star) {
			// "*" stands alone; "*" mixed with tags is not a valid field value
			return tags.isEmpty() ? ANY : MALFORMED;
		}
		return tags.isEmpty() ? MALFORMED : new EntityTags(false, List.copyOf(tags), false);
	}

	/**
	 * Tells whether the field is {@code *}.
	 * @return {@code true} for {@code *}
	 */
	public boolean isAny() {
		return this.any;
	}

	/**
	 * Tells whether the field could not be parsed.
	 * @return {@code true} if malformed
	 */
	public boolean isMalformed() {
		return this.malformed;
	}

	/**
	 * Returns the listed tags.
	 * @return the tags, empty for {@code *} or a malformed field
	 */
	public List<ETag> tags() {
		return this.tags;
	}

	boolean anyStrongMatch(ETag current) {
		return this.tags.stream().anyMatch((tag) -> tag.strongMatches(current));
	}

	boolean anyWeakMatch(ETag current) {
		return this.tags.stream().anyMatch((tag) -> tag.weakMatches(current));
	}

}
