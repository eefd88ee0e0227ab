package dev.hardening.autoconfigure.web;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Rewrites a JSON body for the access log with the values of secret members replaced by
 * {@code "***"}. It streams the body token by token through Jackson, so numbers, member order and
 * duplicate members stay as sent, and writes nothing unless the whole body is one valid JSON
 * value: text that was not understood is never passed on, since it could hold a secret the
 * patterns did not see. The output escapes every character that could start a new log line
 * ({@link dev.hardening.web.LogValues}'s set) as a JSON unicode escape, so it is both valid
 * JSON and safe on one line.
 */
final class JsonBodyRedactor {

	static final String MASK = "***";

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
		.characterEscapes(new LineSafeEscapes())
		.build();

	private final SecretNames names;

	private final List<String[]> paths;

	private JsonBodyRedactor(SecretNames names, List<String[]> paths) {
		this.names = names;
		this.paths = paths;
	}

	/**
	 * Parses redaction patterns: a name without dots matches a member at any depth as
	 * {@link SecretNames} do (containing it, or as whole words for names of three letters or
	 * fewer); a dotted path matches from the root, {@code *} standing for any one member name;
	 * array elements stand at their array's path; names compare ignoring case, {@code _} and
	 * {@code -}.
	 * @param patterns the patterns
	 * @param property their property, for error messages
	 * @return the redactor
	 * @throws InvalidConfigurationPropertyValueException naming the first pattern that is empty
	 * or has an empty segment
	 */
	static JsonBodyRedactor of(List<String> patterns, String property) {
		List<String> names = new ArrayList<>();
		List<String[]> paths = new ArrayList<>();
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i).trim();
			String[] segments = pattern.split("\\.", -1);
			for (int s = 0; s < segments.length; s++) {
				segments[s] = normalize(segments[s]);
				if (segments[s].isEmpty()) {
					throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", patterns.get(i),
							"It must be a member name such as password or a dotted path such as card.number, "
									+ "with no empty segment.");
				}
			}
			if (segments.length == 1 && !"*".equals(segments[0])) {
				names.add(segments[0]);
			}
			else {
				paths.add(segments);
			}
		}
		return new JsonBodyRedactor(SecretNames.of(names), List.copyOf(paths));
	}

	/**
	 * Redacts a body.
	 * @param body the bytes, UTF-8 or another encoding JSON allows (RFC 8259 §8.1)
	 * @param length how many of the bytes are the body
	 * @return the redacted body on one line, or {@code null} if the bytes are not exactly one
	 * JSON value
	 */
	@Nullable String redact(byte[] body, int length) {
		StringWriter out = new StringWriter(length + 16);
		try (JsonParser parser = JSON.createParser(body, 0, length);
				JsonGenerator generator = JSON.createGenerator(out)) {
			if (parser.nextToken() == null) {
				return null;
			}
			copy(parser, generator, new ArrayList<>());
			if (parser.nextToken() != null) {
				return null;
			}
		}
		catch (JacksonException ex) {
			return null;
		}
		return out.toString();
	}

	/** Copies the value at the parser's current token, redacting the members that match. */
	private void copy(JsonParser parser, JsonGenerator generator, List<String> path) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT) {
			generator.writeStartObject();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				generator.writeName(name);
				parser.nextToken();
				path.add(normalize(name));
				if (this.names.matches(name) || secretPath(path)) {
					parser.skipChildren();
					generator.writeString(MASK);
				}
				else {
					copy(parser, generator, path);
				}
				path.remove(path.size() - 1);
			}
			generator.writeEndObject();
		}
		else if (token == JsonToken.START_ARRAY) {
			generator.writeStartArray();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				copy(parser, generator, path);
			}
			generator.writeEndArray();
		}
		else {
			generator.copyCurrentEventExact(parser);
		}
	}

	private boolean secretPath(List<String> path) {
		for (String[] secret : this.paths) {
			if (matches(secret, path)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(String[] pattern, List<String> path) {
		if (pattern.length != path.size()) {
			return false;
		}
		for (int i = 0; i < pattern.length; i++) {
			if (!"*".equals(pattern[i]) && !pattern[i].equals(path.get(i))) {
				return false;
			}
		}
		return true;
	}

	private static String normalize(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '_' && c != '-') {
				out.append(c);
			}
		}
		return out.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Jackson escapes C0 controls already; these add DEL, the C1 controls and the Unicode line
	 * and paragraph separators, which Jackson would otherwise write as they are.
	 */
	private static final class LineSafeEscapes extends CharacterEscapes {

		private static final int[] ASCII;

		static {
			int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
			ASCII = new int[128];
			System.arraycopy(escapes, 0, ASCII, 0, Math.min(escapes.length, 128));
			ASCII[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return ASCII;
		}

		@Override
		public @Nullable SerializableString getEscapeSequence(int c) {
			if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
				return new SerializedString(String.format("\\u%04X", c));
			}
			return null;
		}

	}

}
