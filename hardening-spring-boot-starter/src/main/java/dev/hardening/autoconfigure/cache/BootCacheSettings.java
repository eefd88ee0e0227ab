package dev.hardening.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import dev.hardening.autoconfigure.ChangedDefaults;
import dev.hardening.autoconfigure.StarterDefaults;
import dev.hardening.autoconfigure.cache.HardeningCacheProperties.Spec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * What Spring Boot's Caffeine cache would have done with the application's own settings, and how
 * much of it the {@link HardeningCacheManager} keeps. Honoured: {@code spring.cache.caffeine.spec}
 * (or a {@code CaffeineSpec} bean) gives {@code maximumSize}, {@code expireAfterWrite} (then with no
 * jitter, so entries live exactly that long) and {@code refreshAfterWrite} to every cache that
 * {@code hardening.cache.default-spec} does not configure; {@code spring.cache.cache-names} creates
 * those caches at startup and, unless {@code hardening.cache.allow-unknown-caches} is set, refuses
 * others, as Boot does. What the starter adds or cannot keep is reported to {@link ChangedDefaults}
 * (an unbounded cache given a size and a TTL, {@code expireAfterAccess}, weak or soft references,
 * another {@code spring.cache.type}, a {@code Caffeine} bean, Boot's cache manager customizers).
 * {@code spring.cache.type=none} makes the whole cache auto-configuration step aside.
 */
final class BootCacheSettings implements ChangedDefaults.Source {

	static final String BOOT_CACHE_AUTO_CONFIGURATION = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration";

	private static final String CUSTOMIZER = "org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer";

	private static final String DEFAULT_SPEC = "hardening.cache.default-spec.";

	private final ConfigurableEnvironment environment;

	private final ListableBeanFactory beans;

	private final @Nullable String type;

	/** The Caffeine spec Boot would have used and where it came from, or null. */
	private final @Nullable String spec;

	private final String specSetting;

	private final Map<String, String> specEntries;

	/** The keys of the spec as the application wrote them, by lower-cased key. */
	private final Map<String, String> specKeys = new LinkedHashMap<>();

	private final List<String> cacheNames;

	private @Nullable Spec applied;

	private boolean tiered;

	/** Whether caches got a size, or an expiry, that neither the application nor Boot gave them. */
	private boolean sizeAdded;

	private boolean expiryAdded;

	BootCacheSettings(ConfigurableEnvironment environment, ListableBeanFactory beans, @Nullable CaffeineSpec specBean,
			@Nullable String specBeanName) {
		this.environment = environment;
		this.beans = beans;
		Binder binder = Binder.get(environment);
		this.type = binder.bind("spring.cache.type", String.class).map((t) -> t.trim().toLowerCase(Locale.ROOT))
			.orElse(null);
		String property = binder.bind("spring.cache.caffeine.spec", String.class).orElse(null);
		if (property != null && !property.isBlank()) {
			this.spec = property.trim();
			this.specSetting = "spring.cache.caffeine.spec";
		}
		else if (specBean != null) {
			this.spec = specBean.toParsableString();
			this.specSetting = "CaffeineSpec bean '" + specBeanName + "'";
		}
		else {
			this.spec = null;
			this.specSetting = "spring.cache.caffeine.spec";
		}
		this.specEntries = (this.spec != null) ? entries(this.spec) : Map.of();
		this.cacheNames = binder.bind("spring.cache.cache-names", Bindable.listOf(String.class)).orElse(List.of());
	}

	/**
	 * Gives the application's Boot cache settings to the hardening cache properties, where the
	 * hardening ones leave them open.
	 * @param properties the bound hardening cache properties, changed in place
	 * @param tiered whether Redis is behind Caffeine
	 */
	void applyTo(HardeningCacheProperties properties, boolean tiered) {
		this.tiered = tiered;
		Spec defaults = properties.getDefaultSpec();
		if (this.spec != null) {
			String maximumSize = this.specEntries.get("maximumsize");
			if (maximumSize != null && !isSet(DEFAULT_SPEC + "max-size")) {
				long size = Long.parseLong(maximumSize.trim());
				if (size < 1) {
					throw new InvalidConfigurationPropertyValueException(this.specSetting, this.spec,
							"maximumSize must be at least 1 for hardening's cache manager; set "
									+ "hardening.cache.enabled=false to keep Spring Boot's.");
				}
				defaults.setMaxSize(size);
			}
			String expireAfterWrite = this.specEntries.get("expireafterwrite");
			if (expireAfterWrite != null && !isSet(DEFAULT_SPEC + "ttl")) {
				defaults.setTtl(duration(expireAfterWrite));
				if (!isSet(DEFAULT_SPEC + "jitter")) {
					defaults.setJitter(0.0);
				}
			}
			String refreshAfterWrite = this.specEntries.get("refreshafterwrite");
			if (refreshAfterWrite != null && !isSet(DEFAULT_SPEC + "refresh-after")) {
				defaults.setRefreshAfter(duration(refreshAfterWrite));
			}
		}
		this.sizeAdded = !this.specEntries.containsKey("maximumsize") && !isSet(DEFAULT_SPEC + "max-size");
		this.expiryAdded = !this.specEntries.containsKey("expireafterwrite") && !isSet(DEFAULT_SPEC + "ttl")
				&& !isSet(DEFAULT_SPEC + "l1-ttl");
		for (String name : this.cacheNames) {
			if (!name.isBlank()) {
				properties.getCaches().putIfAbsent(name.trim(), new Spec());
			}
		}
		if (!this.cacheNames.isEmpty() && !isSet("hardening.cache.allow-unknown-caches")) {
			properties.setAllowUnknownCaches(false);
		}
		this.applied = defaults;
	}

	@Override
	public List<ChangedDefaults.Change> changes() {
		Spec applied = this.applied;
		if (applied == null || !ClassUtils.isPresent(BOOT_CACHE_AUTO_CONFIGURATION, getClass().getClassLoader())
				|| this.beans.getBeanNamesForType(CacheAspectSupport.class, false, false).length == 0) {
			// without Boot's cache auto-configuration, or without @EnableCaching, there was no
			// cache manager of Boot's to change
			return List.of();
		}
		String restore = "hardening.cache.enabled=false";
		String ours = "hardening's cache manager (" + describe(applied) + ")";
		List<ChangedDefaults.Change> changes = new ArrayList<>();
		if (this.type != null && !this.type.equals("caffeine")) {
			changes.add(new ChangedDefaults.Change("spring.cache.type", this.type, ours, restore));
			return changes;
		}
		String caffeineBean = first(this.beans.getBeanNamesForType(Caffeine.class, false, false));
		if (this.spec == null && caffeineBean != null) {
			changes.add(new ChangedDefaults.Change("Caffeine bean '" + caffeineBean + "'", "used by Spring Boot's cache",
					"not used: " + ours, restore));
		}
		else {
			String before = (this.spec != null) ? this.spec : "not set (unbounded, entries never expire)";
			if (this.sizeAdded || this.expiryAdded || !dropped().isEmpty()) {
				changes.add(new ChangedDefaults.Change(this.specSetting, before, describe(applied), restore));
			}
		}
		if (ClassUtils.isPresent(CUSTOMIZER, getClass().getClassLoader())) {
			Class<?> customizer = ClassUtils.resolveClassName(CUSTOMIZER, getClass().getClassLoader());
			for (String name : this.beans.getBeanNamesForType(customizer, false, false)) {
				changes.add(new ChangedDefaults.Change("CacheManagerCustomizer bean '" + name + "'",
						"applied to Spring Boot's cache manager", "not applied: " + ours, restore));
			}
		}
		return changes;
	}

	/** The L1 of a cache that has no settings of its own, in Caffeine's spec terms. */
	private String describe(Spec spec) {
		StringBuilder text = new StringBuilder();
		text.append("maximumSize=").append(spec.getMaxSize());
		Duration ttl = (spec.getL1Ttl() != null) ? spec.getL1Ttl() : spec.getTtl();
		text.append(",expireAfterWrite=").append(duration(ttl));
		if (spec.getRefreshAfter() != null) {
			text.append(",refreshAfterWrite=").append(duration(spec.getRefreshAfter()));
		}
		List<String> dropped = dropped();
		if (spec.getJitter() != null && spec.getJitter() > 0) {
			text.append(" (expiry shortened at random by up to ").append(Math.round(spec.getJitter() * 100)).append("%)");
		}
		if (!dropped.isEmpty()) {
			text.append(" (not applied: ").append(String.join(", ", dropped)).append(")");
		}
		if (this.tiered) {
			text.append(", then Redis");
		}
		return text.toString();
	}

	/** The spec's settings hardening's caches have no equivalent of. */
	private List<String> dropped() {
		List<String> dropped = new ArrayList<>();
		this.specEntries.forEach((key, value) -> {
			if (!List.of("maximumsize", "expireafterwrite", "refreshafterwrite", "initialcapacity", "recordstats")
				.contains(key)) {
				String name = this.specKeys.getOrDefault(key, key);
				dropped.add(value.isEmpty() ? name : name + "=" + value);
			}
		});
		return dropped;
	}

	private boolean isSet(String property) {
		return StarterDefaults.isSet(this.environment, property);
	}

	/** The entries of a Caffeine spec, keys lower-cased as Caffeine reads them case-sensitively. */
	private Map<String, String> entries(String spec) {
		try {
			CaffeineSpec.parse(spec);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(this.specSetting, spec, ex.getMessage());
		}
		Map<String, String> entries = new LinkedHashMap<>();
		for (String part : spec.split(",")) {
			if (part.isBlank()) {
				continue;
			}
			int equals = part.indexOf('=');
			String key = ((equals < 0) ? part : part.substring(0, equals)).trim();
			String value = (equals < 0) ? "" : part.substring(equals + 1).trim();
			entries.put(key.toLowerCase(Locale.ROOT), value);
			this.specKeys.put(key.toLowerCase(Locale.ROOT), key);
		}
		return entries;
	}

	/** A duration of a Caffeine spec: {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601. */
	private static Duration duration(String value) {
		String text = value.trim();
		if (text.startsWith("P") || text.startsWith("p")) {
			return Duration.parse(text);
		}
		long amount = Long.parseLong(text.substring(0, text.length() - 1));
		return switch (Character.toLowerCase(text.charAt(text.length() - 1))) {
			case 'd' -> Duration.ofDays(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'm' -> Duration.ofMinutes(amount);
			default -> Duration.ofSeconds(amount);
		};
	}

	/** A duration as a Caffeine spec says it. */
	private static String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "never";
		}
		long seconds = duration.toSeconds();
		if (duration.toNanosPart() % 1_000_000_000 != 0 || duration.toMillis() % 1000 != 0) {
			return duration.toString();
		}
		if (seconds % 86400 == 0) {
			return seconds / 86400 + "d";
		}
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		if (seconds % 60 == 0) {
			return seconds / 60 + "m";
		}
		return seconds + "s";
	}

	private static @Nullable String first(String[] names) {
		return (names.length > 0) ? names[0] : null;
	}

}
