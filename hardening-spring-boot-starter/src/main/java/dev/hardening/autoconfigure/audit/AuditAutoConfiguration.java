package dev.hardening.autoconfigure.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import dev.hardening.audit.AuditChain;
import dev.hardening.audit.AuditLog;
import dev.hardening.audit.Audited;
import dev.hardening.audit.JdbcAuditLog;
import dev.hardening.autoconfigure.audit.AuditProperties.InitializeSchema;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.HardeningWebProperties;
import dev.hardening.autoconfigure.web.SecretNames;
import dev.hardening.pagination.CursorCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures the audit trail: an {@link AuditLog} for the sink {@code hardening.audit.sink}
 * names, and an advisor that records an event when an {@link Audited} method of a Spring bean ends.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.audit.AuditEventsEndpointAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "hardening.audit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AuditProperties.class)
public final class AuditAutoConfiguration {

	private static final boolean SPRING_SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder", AuditAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean
	AuditPrincipals auditPrincipals() {
		return SPRING_SECURITY_PRESENT ? new SecurityAuditPrincipals() : AuditPrincipals.servlet();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor hardeningAuditedAdvisor(ObjectProvider<AuditLog> log, ObjectProvider<AuditProperties> properties,
			ObjectProvider<ClientAddressResolver> clients, ObjectProvider<AuditPrincipals> principals,
			BeanFactory beans) {
		// resolved on first use, so that the advisor, made early, does not make the beans early
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new AuditedPointcut(),
				new LazyInterceptor(() -> {
					AuditLog sink = log.getObject();
					AsyncAuditLog queue = beans.getBeanProvider(AsyncAuditLog.class).getIfAvailable();
					// the jdbc sink shares the call's transaction, both commit or neither; a queued event cannot
					AuditTransactions transactions = (queue == null && sink instanceof TransactionalAuditLog jdbc)
							? jdbc.transactions() : null;
					HardeningWebProperties web = beans.getBeanProvider(HardeningWebProperties.class)
						.getIfAvailable(HardeningWebProperties::new);
					return new AuditedInterceptor((queue != null) ? queue::record : sink,
							properties.getObject().getFailMode(), clients.getIfAvailable(), principals.getObject(),
							failureCounter(beans), Clock.systemUTC(), transactions,
							SecretNames.of(web.getAccessLog().getRedactedParameters()));
				}));
		advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
		return advisor;
	}

	/** Writes the events of audited calls from a bounded queue, when hardening.audit.queue-capacity is above 0. */
	@Bean
	@Conditional(QueueConfigured.class)
	AsyncAuditLog hardeningAuditQueue(AuditLog log, AuditProperties properties, BeanFactory beans) {
		if (properties.getFailMode() == AuditProperties.FailMode.CLOSED) {
			throw new InvalidConfigurationPropertyValueException("hardening.audit.queue-capacity",
					properties.getQueueCapacity(), "A queued event cannot fail its call: with hardening.audit.fail-mode=closed "
							+ "events are written in their call; set the capacity to 0.");
		}
		return new AsyncAuditLog(log, properties.getQueueCapacity(), failureCounter(beans));
	}

	static final class QueueConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			int capacity = Binder.get(context.getEnvironment()).bind("hardening.audit.queue-capacity", Integer.class).orElse(0);
			return (capacity > 0) ? ConditionOutcome.match("hardening.audit.queue-capacity is " + capacity)
					: ConditionOutcome.noMatch("hardening.audit.queue-capacity is 0: events are written in their calls");
		}

	}

	private static Runnable failureCounter(BeanFactory beans) {
		if (ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", AuditAutoConfiguration.class.getClassLoader())) {
			Runnable counter = AuditMetrics.failures(beans);
			if (counter != null) {
				return counter;
			}
		}
		return () -> {
		};
	}

	static @Nullable AuditChain chain(AuditProperties properties) {
		String key = properties.getChainKey();
		if (key == null || key.isEmpty()) {
			return null;
		}
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < 32) {
			throw new InvalidConfigurationPropertyValueException("hardening.audit.chain-key", "******",
					"It must be at least 32 bytes, such as the output of openssl rand -base64 32.");
		}
		return AuditChain.of(bytes);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "hardening.audit.sink", havingValue = "log", matchIfMissing = true)
	static class LogSinkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditLog auditLog(AuditProperties properties) {
			return new LoggingAuditLog(chain(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ResourceDatabasePopulator.class, EmbeddedDatabaseConnection.class })
	@ConditionalOnProperty(name = "hardening.audit.sink", havingValue = "jdbc")
	@ConditionalOnBean(DataSource.class)
	static class JdbcSinkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditLog auditLog(AuditProperties properties, DataSource dataSource,
				ObjectProvider<PlatformTransactionManager> transactions) {
			AuditChain chain = chain(properties);
			if (chain == null) {
				throw new InvalidConfigurationPropertyValueException("hardening.audit.chain-key", null,
						"hardening.audit.sink=jdbc links every event with an HMAC: set a key of at least 32 bytes "
								+ "from the environment or a mounted secret.");
			}
			initializeSchema(properties.getJdbc().getInitializeSchema(), dataSource);
			PlatformTransactionManager manager = transactions.getIfUnique();
			return new TransactionalAuditLog(dataSource, new JdbcAuditLog(dataSource, chain, properties.getChain()),
					(manager != null) ? new AuditTransactions(manager) : null);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(Endpoint.class)
		static class EndpointConfiguration {

			/**
			 * Pages with pagination's cursors when it is on (its secret, the same on every
			 * instance), else with a key of its own.
			 */
			@Bean
			@ConditionalOnMissingBean
			AuditEndpoint auditEndpoint(AuditLog log, ObjectProvider<CursorCodec> cursors) {
				if (!(log instanceof TransactionalAuditLog jdbc)) {
					throw new IllegalStateException("The audit endpoint reads the jdbc sink's tables");
				}
				return new AuditEndpoint(jdbc.jdbc(),
						cursors.getIfAvailable(() -> CursorCodec.withRandomKey(Clock.systemUTC(), Duration.ofHours(1))));
			}

		}

		private static void initializeSchema(InitializeSchema mode, DataSource dataSource) {
			if (mode == InitializeSchema.NEVER
					|| (mode == InitializeSchema.EMBEDDED && !EmbeddedDatabaseConnection.isEmbedded(dataSource))) {
				return;
			}
			String product;
			try (Connection connection = dataSource.getConnection()) {
				product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not read the database's product name for the audit tables", ex);
			}
			String script = product.contains("postgres") ? "schema-postgresql.sql" : product.contains("h2") ? "schema-h2.sql"
					: null;
			if (script == null) {
				throw new IllegalStateException("No audit table DDL ships for " + product
						+ ": create the tables from dev/hardening/audit/schema-postgresql.sql and set "
						+ "hardening.audit.jdbc.initialize-schema=never");
			}
			new ResourceDatabasePopulator(new ClassPathResource("dev/hardening/audit/" + script)).execute(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AuditEventRepository.class)
	@ConditionalOnProperty(name = "hardening.audit.sink", havingValue = "repository")
	static class RepositorySinkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditLog auditLog(ObjectProvider<AuditEventRepository> repository) {
			return new RepositoryAuditLog(repository);
		}

	}

}
