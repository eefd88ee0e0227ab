package dev.hardening.autoconfigure.cache;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact classes whose names a cached value read from Redis may carry: everything else is
 * refused before it is even loaded. Redis content is untrusted input, so nothing is admitted by
 * package: {@code java.util.Timer} lives beside {@code java.util.ArrayList}.
 *
 * <p>Admitted are a fixed set of inert JDK value and collection classes ({@link #JDK}), and the
 * application's own types declared through {@link #register(Type)}: the return types of
 * {@code @Cacheable} and {@code @CachePut} methods, found at startup, and the types listed in
 * {@code hardening.cache.value-types}. Registering a type also admits the application types it is
 * made of (record components, fields, type arguments, permitted subclasses of a sealed type), but
 * never a JDK class outside the fixed set: such a class must be listed itself.
 */
public final class CacheValueTypes {

	/** JDK classes admitted without registration: values and collections whose creation has no side effects. */
	static final Set<String> JDK = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Character",
			"java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
			"java.lang.Double", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID", "java.util.Locale",
			"java.util.Currency", "java.util.Optional", "java.net.URI", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.ArrayDeque", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
			"java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Arrays$ArrayList",
			"java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
			"java.util.ImmutableCollections$SubList", "java.util.ImmutableCollections$Set12",
			"java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
			"java.util.ImmutableCollections$MapN", "java.util.Collections$UnmodifiableCollection",
			"java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
			"java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableSortedSet",
			"java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
			"java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
			"java.util.Collections$SingletonMap", "java.util.Collections$EmptyList", "java.util.Collections$EmptySet",
			"java.util.Collections$EmptyMap", "java.util.concurrent.ConcurrentHashMap",
			"java.util.concurrent.CopyOnWriteArrayList", "java.time.Instant", "java.time.LocalDate",
			"java.time.LocalDateTime", "java.time.LocalTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
			"java.time.ZonedDateTime", "java.time.Duration", "java.time.Period", "java.time.Year",
			"java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneOffset", "java.time.ZoneRegion",
			"java.time.DayOfWeek", "java.time.Month");

	private final Set<String> admitted = ConcurrentHashMap.newKeySet();

	private final Set<Class<?>> walked = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a set admitting the JDK classes only.
	 */
	public CacheValueTypes() {
		this.admitted.addAll(JDK);
		this.admitted.add(JacksonValueCodec.Envelope.class.getName());
	}

	/**
	 * Creates a set admitting the given types, what they are made of, and the JDK classes.
	 * @param types the value types
	 * @return the set
	 */
	public static CacheValueTypes of(Type... types) {
		CacheValueTypes valueTypes = new CacheValueTypes();
		for (Type type : types) {
			valueTypes.register(type);
		}
		return valueTypes;
	}

	/**
	 * Admits a type of cached values and the application types it is made of.
	 * @param type a class or a generic type, such as a method's generic return type
	 */
	public void register(Type type) {
		walk(type);
	}

	/**
	 * Admits exactly this class, even a JDK class outside the fixed set, and the application types
	 * it is made of. For types listed by the application ({@code hardening.cache.value-types}).
	 * @param type the class
	 */
	public void admit(Class<?> type) {
		this.admitted.add(type.getName());
		walk(type);
	}

	/**
	 * Tells whether a class name read from Redis may be resolved: an admitted class, or an array of
	 * one or of a primitive type.
	 * @param className the binary name, as {@link Class#getName()} gives it
	 * @return {@code true} if admitted
	 */
	public boolean admits(String className) {
		if (className.startsWith("[")) {
			String element = className.substring(className.lastIndexOf('[') + 1);
			if (element.length() == 1) {
				return "ZBCSIJFD".contains(element);
			}
			return element.startsWith("L") && element.endsWith(";")
					&& this.admitted.contains(element.substring(1, element.length() - 1));
		}
		return this.admitted.contains(className);
	}

	private void walk(Type type) {
		if (type instanceof Class<?> type0) {
			walkClass(type0);
		}
		else if (type instanceof ParameterizedType parameterized) {
			walk(parameterized.getRawType());
			for (Type argument : parameterized.getActualTypeArguments()) {
				walk(argument);
			}
		}
		else if (type instanceof GenericArrayType array) {
			walk(array.getGenericComponentType());
		}
		else if (type instanceof WildcardType wildcard) {
			for (Type bound : wildcard.getUpperBounds()) {
				walk(bound);
			}
		}
		else if (type instanceof TypeVariable<?> variable) {
			for (Type bound : variable.getBounds()) {
				walk(bound);
			}
		}
	}

	private void walkClass(Class<?> type) {
		if (type.isArray()) {
			walkClass(type.getComponentType());
			return;
		}
		if (type.isPrimitive() || isJdk(type) || !this.walked.add(type)) {
			return;
		}
		this.admitted.add(type.getName());
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				walk(component.getGenericType());
			}
		}
		else if (!type.isEnum()) {
			for (Class<?> declaring = type; declaring != null && !isJdk(declaring); declaring = declaring
				.getSuperclass()) {
				for (Field field : declaring.getDeclaredFields()) {
					if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
						walk(field.getGenericType());
					}
				}
			}
		}
		Class<?>[] permitted = type.getPermittedSubclasses();
		if (permitted != null) {
			for (Class<?> subclass : permitted) {
				walkClass(subclass);
			}
		}
	}

	private static boolean isJdk(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.");
	}

}
