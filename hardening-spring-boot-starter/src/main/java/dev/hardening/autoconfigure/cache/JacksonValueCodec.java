package dev.hardening.autoconfigure.cache;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hardening.cache.ValueCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Cached values as JSON, with the Java types Jackson needs to read them back. Deny by default:
 * a class name read from Redis is resolved only if it is one of the exact {@link CacheValueTypes}
 * (the application's declared value types and a fixed set of inert JDK classes); any other name
 * fails the read before its class is loaded, so whoever can write to Redis cannot make the
 * application build {@code java.util.Timer} or any other class of an allowed package. Never Java
 * serialization.
 */
public final class JacksonValueCodec implements ValueCodec {

	private final JsonMapper mapper;

	/**
	 * Creates a codec.
	 * @param base the application's mapper, whose modules and settings are kept
	 * @param types the classes whose names may be read back
	 */
	public JacksonValueCodec(JsonMapper base, CacheValueTypes types) {
		this.mapper = base.rebuild()
			.activateDefaultTyping(new ExactTypes(types), DefaultTyping.NON_FINAL_AND_RECORDS,
					JsonTypeInfo.As.WRAPPER_ARRAY)
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

	/**
	 * Refuses every class name that is not admitted without loading it, and every generic type id
	 * ({@code java.util.ArrayList<...>}), whose type arguments would escape the check.
	 */
	private static final class ExactTypes extends PolymorphicTypeValidator.Base {

		private static final long serialVersionUID = 1L;

		private final transient CacheValueTypes types;

		ExactTypes(CacheValueTypes types) {
			this.types = types;
		}

		@Override
		public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
			// admitted names still go on to validateSubType, which sees type arguments
			return this.types.admits(subClassName) ? Validity.INDETERMINATE : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
			if (!this.types.admits(subType.getRawClass().getName())) {
				return Validity.DENIED;
			}
			// a plain class name gets the type arguments of the declared type; a generic id chose its own
			JavaType plain = context.getTypeFactory().constructSpecializedType(baseType, subType.getRawClass());
			return plain.equals(subType) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

}
