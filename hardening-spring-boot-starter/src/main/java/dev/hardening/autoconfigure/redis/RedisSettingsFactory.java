package dev.hardening.autoconfigure.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.hardening.redis.RedisSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Turns {@code hardening.redis.*}, or else the application's own {@code spring.data.redis.*},
 * into the connector's settings: which topology, where, as whom, over what. Timeouts are always
 * hardening's, since Spring Data's defaults are Lettuce's 60 seconds.
 */
final class RedisSettingsFactory {

	private final HardeningRedisProperties properties;

	private final Binder binder;

	private final Supplier<@Nullable SslBundles> sslBundles;

	RedisSettingsFactory(HardeningRedisProperties properties, Binder binder, Supplier<@Nullable SslBundles> sslBundles) {
		this.properties = properties;
		this.binder = binder;
		this.sslBundles = sslBundles;
	}

	RedisSettings create() {
		RedisSettings.Builder builder = topology();
		HardeningRedisProperties properties = this.properties;
		apply("hardening.redis.command-timeout", properties.getCommandTimeout(),
				() -> builder.commandTimeout(properties.getCommandTimeout()));
		apply("hardening.redis.connect-timeout", properties.getConnectTimeout(),
				() -> builder.connectTimeout(properties.getConnectTimeout()));
		apply("hardening.redis.reconnect.max-delay", properties.getReconnect().getMaxDelay(),
				() -> builder.reconnectDelay(properties.getReconnect().getMinDelay(),
						properties.getReconnect().getMaxDelay()));
		apply("hardening.redis.reconnect.after-timeouts", properties.getReconnect().getAfterTimeouts(),
				() -> builder.timeoutsBeforeReconnect(properties.getReconnect().getAfterTimeouts()));
		apply("hardening.redis.cluster.refresh-period", properties.getCluster().getRefreshPeriod(),
				() -> builder.clusterRefreshPeriod(properties.getCluster().getRefreshPeriod()));
		apply("hardening.redis.client-name", properties.getClientName(),
				() -> builder.clientName(properties.getClientName()));
		return builder.build();
	}

	private RedisSettings.Builder topology() {
		HardeningRedisProperties properties = this.properties;
		List<String> chosen = new ArrayList<>();
		if (StringUtils.hasText(properties.getUrl())) {
			chosen.add("hardening.redis.url");
		}
		if (!properties.getCluster().getNodes().isEmpty()) {
			chosen.add("hardening.redis.cluster.nodes");
		}
		if (StringUtils.hasText(properties.getSentinel().getMaster())) {
			chosen.add("hardening.redis.sentinel.master");
		}
		if (chosen.size() > 1) {
			throw new InvalidConfigurationPropertyValueException(chosen.get(1), "(set)",
					"Only one of hardening.redis.url, hardening.redis.cluster.nodes and hardening.redis.sentinel.master "
							+ "may be set; " + String.join(" and ", chosen) + " are.");
		}
		if (chosen.isEmpty()) {
			return springDataRedis();
		}
		RedisSettings.Builder builder = switch (chosen.get(0)) {
			case "hardening.redis.url" -> builder("hardening.redis.url", properties.getUrl());
			case "hardening.redis.cluster.nodes" -> cluster("hardening.redis.cluster.nodes",
					properties.getCluster().getNodes());
			default -> sentinel("hardening.redis.sentinel", properties.getSentinel().getMaster(),
					properties.getSentinel().getNodes(), properties.getSentinel().getDatabase());
		};
		if (properties.getPassword() != null) {
			builder.credentials(properties.getUsername(), properties.getPassword().toCharArray());
		}
		if (properties.getSentinel().getPassword() != null) {
			builder.sentinelCredentials(properties.getSentinel().getUsername(),
					properties.getSentinel().getPassword().toCharArray());
		}
		tls(builder, properties.getSsl().isEnabled(), properties.getSsl().getBundle(), "hardening.redis.ssl.bundle");
		builder.verifyPeer(properties.getSsl().getVerifyPeer());
		return builder;
	}

	/**
	 * The application's Spring Data Redis settings in Boot's order: sentinel, then cluster, then one
	 * server by url or host (Boot's static master/replica mode is not supported).
	 */
	private RedisSettings.Builder springDataRedis() {
		Binder binder = this.binder;
		String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
		List<String> clusterNodes = binder.bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
			.orElse(List.of());
		String master = binder.bind("spring.data.redis.sentinel.master", String.class).orElse(null);
		int database = binder.bind("spring.data.redis.database", Integer.class).orElse(0);
		boolean ssl = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false);
		RedisSettings.Builder builder;
		if (StringUtils.hasText(master)) {
			builder = sentinel("spring.data.redis.sentinel", master,
					binder.bind("spring.data.redis.sentinel.nodes", Bindable.listOf(String.class)).orElse(List.of()),
					database);
			String sentinelPassword = binder.bind("spring.data.redis.sentinel.password", String.class).orElse(null);
			if (sentinelPassword != null) {
				builder.sentinelCredentials(
						binder.bind("spring.data.redis.sentinel.username", String.class).orElse(null),
						sentinelPassword.toCharArray());
			}
		}
		else if (!clusterNodes.isEmpty()) {
			builder = cluster("spring.data.redis.cluster.nodes", clusterNodes);
		}
		else if (StringUtils.hasText(url)) {
			builder = builder("spring.data.redis.url", url);
		}
		else {
			String host = binder.bind("spring.data.redis.host", String.class).orElse("localhost");
			int port = binder.bind("spring.data.redis.port", Integer.class).orElse(6379);
			String hostPart = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
			builder = builder("spring.data.redis.host",
					(ssl ? "rediss://" : "redis://") + hostPart + ":" + port + "/" + database);
		}
		String password = binder.bind("spring.data.redis.password", String.class).orElse(null);
		if (password != null) {
			builder.credentials(binder.bind("spring.data.redis.username", String.class).orElse(null),
					password.toCharArray());
		}
		tls(builder, ssl, binder.bind("spring.data.redis.ssl.bundle", String.class).orElse(null),
				"spring.data.redis.ssl.bundle");
		return builder;
	}

	private void tls(RedisSettings.Builder builder, boolean enabled, @Nullable String bundle, String bundleProperty) {
		if (enabled) {
			builder.tls(true);
		}
		if (StringUtils.hasText(bundle)) {
			SslBundles bundles = this.sslBundles.get();
			if (bundles == null) {
				throw new InvalidConfigurationPropertyValueException(bundleProperty, bundle,
						"There are no SSL bundles in this application (spring.ssl.bundle.*).");
			}
			try {
				builder.tls(true).trustManagerFactory(bundles.getBundle(bundle).getManagers().getTrustManagerFactory());
			}
			catch (RuntimeException ex) {
				throw new InvalidConfigurationPropertyValueException(bundleProperty, bundle, ex.getMessage());
			}
		}
	}

	private static RedisSettings.Builder cluster(String property, List<String> nodes) {
		try {
			return RedisSettings.cluster(nodes);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, String.join(",", nodes),
					ex.getMessage() + ". Each node is host:port, such as 10.0.0.1:6379.");
		}
	}

	private static RedisSettings.Builder sentinel(String prefix, @Nullable String master, List<String> nodes,
			int database) {
		try {
			return RedisSettings.sentinel((master != null) ? master : "", nodes).database(database);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".nodes", String.join(",", nodes),
					ex.getMessage() + ". Each sentinel is host:port, such as 10.0.0.1:26379.");
		}
	}

	private static RedisSettings.Builder builder(String property, @Nullable String uri) {
		try {
			return RedisSettings.builder((uri != null) ? uri : "");
		}
		catch (IllegalArgumentException ex) {
			// the value may hold a password: name the property, never echo the value
			throw new InvalidConfigurationPropertyValueException(property, "(hidden)",
					"It must be a redis:// or rediss:// URI, such as redis://cache.internal:6379/0.");
		}
	}

	private static void apply(String property, Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
