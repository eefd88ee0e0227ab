package dev.hardening.autoconfigure.cache;

/**
 * Turns Spring cache keys into the strings both tiers use. A key must have a meaningful
 * {@code toString()} (strings, numbers, enums, UUIDs, records, Spring's {@code SimpleKey}): one
 * that prints an identity hash would never be found again on another instance.
 */
final class CacheKeys {

	private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.getMethod("toString").getDeclaringClass() != Object.class;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	};

	private CacheKeys() {
	}

	static String of(String cache, Object key) {
		if (key instanceof String text) {
			return text;
		}
		if (!HAS_OWN_TO_STRING.get(key.getClass())) {
			throw new IllegalArgumentException("Cache '" + cache + "' got a key of type " + key.getClass().getName()
					+ ", which has no toString() of its own; use a key expression or give the type a toString()");
		}
		return key.toString();
	}

}
