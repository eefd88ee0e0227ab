package dev.hardening.etag;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An entity tag (RFC 9110 §8.8.3): an opaque validator, strong or weak, written
 * {@code "xyzzy"} or {@code W/"xyzzy"}.
 *
 * @param tag the opaque part, without quotes: visible ASCII except {@code "}, or obs-text
 * @param weak whether the tag is weak
 */
public record ETag(String tag, boolean weak) {

	private static final int MAX_VERSION_LENGTH = 64;

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if the tag holds a character an entity tag cannot
	 */
	public ETag {
		Objects.requireNonNull(tag, "tag must not be null");
		for (int i = 0; i < tag.length(); i++) {
			if (!isEtagChar(tag.charAt(i))) {
				throw new IllegalArgumentException("An entity tag cannot contain the character at index " + i);
			}
		}
	}

	/**
	 * Creates a strong tag.
	 * @param tag the opaque part
	 * @return the tag
	 */
	public static ETag strong(String tag) {
		return new ETag(tag, false);
	}

	/**
	 * Creates a weak tag.
	 * @param tag the opaque part
	 * @return the tag
	 */
	public static ETag weak(String tag) {
		return new ETag(tag, true);
	}

	/**
	 * Creates the strong tag of a resource version, such as a JPA {@code @Version}, an
	 * {@code updatedAt} or a hash: the version's text when it is short and safe, else a hash of it.
	 * @param version the version
	 * @return the tag
	 */
	public static ETag ofVersion(Object version) {
		String text = Objects.requireNonNull(version, "version must not be null").toString();
		if (!text.isEmpty() && text.length() <= MAX_VERSION_LENGTH && text.chars().allMatch(ETag::isAsciiEtagChar)) {
			return strong(text);
		}
		BodyHasher hasher = BodyHasher.create();
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		hasher.update(bytes, 0, bytes.length);
		return strong(hasher.finish());
	}

	/**
	 * Parses one entity tag, allowing surrounding whitespace.
	 * @param text {@code "xyzzy"} or {@code W/"xyzzy"}
	 * @return the tag, or empty if the text is not one
	 */
	public static Optional<ETag> parse(@Nullable String text) {
		if (text == null) {
			return Optional.empty();
		}
		String trimmed = text.strip();
		boolean weak = trimmed.startsWith("W/");
		String quoted = weak ? trimmed.substring(2) : trimmed;
		if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
			return Optional.empty();
		}
		String tag = quoted.substring(1, quoted.length() - 1);
		for (int i = 0; i < tag.length(); i++) {
			if (!isEtagChar(tag.charAt(i))) {
				return Optional.empty();
			}
		}
		return Optional.of(new ETag(tag, weak));
	}

	/**
	 * Strong comparison (RFC 9110 §8.8.3.2): both strong, same opaque part. Used by
	 * {@code If-Match}.
	 * @param other the other tag
	 * @return {@code true} if they match strongly
	 */
	public boolean strongMatches(ETag other) {
		return !this.weak && !other.weak && this.tag.equals(other.tag);
	}

	/**
	 * Weak comparison: same opaque part, weakness ignored. Used by {@code If-None-Match}.
	 * @param other the other tag
	 * @return {@code true} if they match weakly
	 */
	public boolean weakMatches(ETag other) {
		return this.tag.equals(other.tag);
	}

	/**
	 * Returns the tag as a header value.
	 * @return {@code "xyzzy"} or {@code W/"xyzzy"}
	 */
	public String format() {
		return (this.weak ? "W/\"" : "\"") + this.tag + '"';
	}

	@Override
	public String toString() {
		return format();
	}

	static boolean isEtagChar(char c) {
		// etagc = %x21 / %x23-7E / obs-text
		return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
	}

	private static boolean isAsciiEtagChar(int c) {
		return c == 0x21 || (c >= 0x23 && c <= 0x7E);
	}

	static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
