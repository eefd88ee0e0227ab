package dev.hardening.etag;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code If-Match} or {@code If-None-Match} field: {@code *} alone, or a
 * comma-separated list of entity tags. Whitespace around members and empty list members are
 * tolerated (RFC 9110 §5.6.1); anything else makes the whole field
 * {@linkplain #isMalformed() malformed}: {@code *} twice or in a list ({@code **}, {@code *, *},
 * {@code *} on two lines, {@code *, "a"}), two tags without a comma between them, an unquoted member.
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
		// the lines of a field are one comma-separated list (RFC 9110 §5.3)
		String value = (lines.size() == 1) ? lines.get(0) : String.join(",", lines);
		if (isStar(value)) {
			return ANY;
		}
		List<ETag> tags = new ArrayList<>();
		boolean separated = true;
		int i = 0;
		int length = value.length();
		while (i < length) {
			char c = value.charAt(i);
			if (c == ' ' || c == '\t') {
				i++;
				continue;
			}
			if (c == ',') {
				separated = true;
				i++;
				continue;
			}
			if (!separated) {
				// two members without a comma between them: "a" "b"
				return MALFORMED;
			}
			// "*" is the whole field or nothing: never a member of a list, nor twice
			int start = i;
			if (value.startsWith("W/", i)) {
				i += 2;
			}
			if (i >= length || value.charAt(i) != '"') {
				return MALFORMED;
			}
			int close = value.indexOf('"', i + 1);
			if (close < 0) {
				return MALFORMED;
			}
			ETag tag = ETag.parse(value.substring(start, close + 1)).orElse(null);
			if (tag == null) {
				return MALFORMED;
			}
			tags.add(tag);
			separated = false;
			i = close + 1;
		}
		return tags.isEmpty() ? MALFORMED : new EntityTags(false, List.copyOf(tags), false);
	}

	/** Whether a field value is {@code *} alone, with optional whitespace around it. */
	private static boolean isStar(String value) {
		int star = -1;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '*' && star < 0) {
				star = i;
			}
			else if (c != ' ' && c != '\t') {
				return false;
			}
		}
		return star >= 0;
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
