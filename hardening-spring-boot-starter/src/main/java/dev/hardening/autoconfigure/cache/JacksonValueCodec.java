package dev.hardening.autoconfigure.cache;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hardening.cache.ValueCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Cached values as JSON, with the Java types Jackson needs to read them back. Only types from
 * trusted packages (the application's own, {@code java.lang}, {@code java.util},
 * {@code java.time}, {@code java.math}, and those configured) are ever instantiated, so whoever
 * can write to Redis cannot make the application build arbitrary classes. Never Java
 * serialization.
 */
public final class JacksonValueCodec implements ValueCodec {

	private static final List<String> JDK_PACKAGES = List.of("java.lang.", "java.util.", "java.time.", "java.math.");

	private final JsonMapper mapper;

	/**
	 * Creates a codec.
	 * @param base the application's mapper, whose modules and settings are kept
	 * @param trustedPackages the packages whose types may be read back
	 */
	public JacksonValueCodec(JsonMapper base, List<String> trustedPackages) {
		BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder()
			.allowIfSubTypeIsArray()
			.allowIfBaseType(Envelope.class);
		List<String> packages = new ArrayList<>(JDK_PACKAGES);
		trustedPackages.forEach((name) -> packages.add(name.endsWith(".") ? name : name + "."));
		packages.forEach(validator::allowIfSubType);
		this.mapper = base.rebuild()
			.activateDefaultTyping(validator.build(), DefaultTyping.NON_FINAL_AND_RECORDS, JsonTypeInfo.As.WRAPPER_ARRAY)
			.build();
	}

	@Override
	public byte[] encode(@Nullable Object value) {
		return this.mapper.writeValueAsBytes(new Envelope(value));
	}

	@Override
	public @Nullable Object decode(byte[] bytes) {
		return this.mapper.readValue(bytes, Envelope.class).value();
	}

	/**
	 * Holds the value in a property of declared type {@code Object}, so Jackson records the type
	 * of every value, collections at the root included.
	 *
	 * @param value the cached value
	 */
	record Envelope(@Nullable Object value) {
	}

}
