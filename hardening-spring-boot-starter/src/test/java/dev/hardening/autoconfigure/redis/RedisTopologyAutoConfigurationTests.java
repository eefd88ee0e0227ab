package dev.hardening.autoconfigure.redis;

import java.time.Duration;
import java.util.List;

import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisNode;
import dev.hardening.redis.RedisSettings;
import dev.hardening.redis.RedisSettings.Topology;
import dev.hardening.test.TestRedisCluster;
import dev.hardening.test.TestRedisTls;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The topologies from properties, hardening's own or the application's Spring Data Redis ones,
 * against a real Redis Cluster where a server is needed; and one set of Lettuce resources per
 * application.
 */
class RedisTopologyAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningRedisAutoConfiguration.class));

	@Test
	void connectsToAClusterFromHardeningRedisClusterNodes() {
		TestRedisCluster cluster = TestRedisCluster.shared();
		this.runner
			.withPropertyValues("hardening.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
					"hardening.redis.cluster.refresh-period=10s")
			.run((context) -> {
				RedisConnector connector = context.getBean(RedisConnector.class);
				RedisSettings settings = connector.settings();
				assertThat(settings.topology()).isEqualTo(Topology.CLUSTER);
				assertThat(settings.clusterRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
				// keys on every node: the cluster connection routes each to its slot
				for (int i = 0; i < 30; i++) {
					connector.commands().set("topology:" + i, "v" + i);
					assertThat(connector.commands().get("topology:" + i)).isEqualTo("v" + i);
				}
			});
	}

	@Test
	void takesAClusterFromSpringDataRedisClusterNodesInYamlForm() {
		TestRedisCluster cluster = TestRedisCluster.shared();
		List<String> addresses = cluster.addresses();
		this.runner
			.withPropertyValues("spring.data.redis.cluster.nodes[0]=" + addresses.get(0),
					"spring.data.redis.cluster.nodes[1]=" + addresses.get(1))
			.run((context) -> {
				RedisConnector connector = context.getBean(RedisConnector.class);
				assertThat(connector.settings().topology()).isEqualTo(Topology.CLUSTER);
				assertThat(connector.settings().nodes()).hasSize(2);
				assertThat(connector.commands().ping()).isEqualTo("PONG");
			});
	}

	@Test
	void takesASentinelSetupFromPropertiesWithItsOwnCredentials() {
		this.runner
			.withPropertyValues("hardening.redis.sentinel.master=mymaster",
					"hardening.redis.sentinel.nodes=10.0.0.1:26379,[::1]:26380", "hardening.redis.sentinel.database=2",
					"hardening.redis.sentinel.password=sentinel-secret", "hardening.redis.username=app",
					"hardening.redis.password=data-secret", "hardening.redis.ssl.enabled=true",
					"hardening.redis.ssl.verify-peer=ca")
			.run((context) -> {
				RedisSettings settings = context.getBean(RedisConnector.class).settings();
				assertThat(settings.topology()).isEqualTo(Topology.SENTINEL);
				assertThat(settings.sentinelMaster()).isEqualTo("mymaster");
				assertThat(settings.nodes()).containsExactly(new RedisNode("10.0.0.1", 26379), new RedisNode("::1", 26380));
				assertThat(settings.database()).isEqualTo(2);
				assertThat(settings.sentinelPassword()).containsExactly("sentinel-secret".toCharArray());
				assertThat(settings.username()).isEqualTo("app");
				assertThat(settings.password()).containsExactly("data-secret".toCharArray());
				assertThat(settings.tls()).isTrue();
				assertThat(settings.verifyPeer()).isEqualTo(RedisSettings.VerifyPeer.CA);
				assertThat(settings.toString()).doesNotContain("secret");
			});
	}

	@Test
	void takesASentinelSetupFromSpringDataRedis() {
		this.runner
			.withPropertyValues("spring.data.redis.sentinel.master=primary",
					"spring.data.redis.sentinel.nodes=s1:26379,s2:26379", "spring.data.redis.database=3",
					"spring.data.redis.password=pw", "spring.data.redis.sentinel.password=spw")
			.run((context) -> {
				RedisSettings settings = context.getBean(RedisConnector.class).settings();
				assertThat(settings.topology()).isEqualTo(Topology.SENTINEL);
				assertThat(settings.sentinelMaster()).isEqualTo("primary");
				assertThat(settings.nodes()).extracting(RedisNode::host).containsExactly("s1", "s2");
				assertThat(settings.database()).isEqualTo(3);
				assertThat(settings.password()).containsExactly("pw".toCharArray());
				assertThat(settings.sentinelPassword()).containsExactly("spw".toCharArray());
			});
	}

	@Test
	void readsSpringDataRedisInBootsOrderSentinelThenClusterThenOneServer() {
		this.runner
			.withPropertyValues("spring.data.redis.url=redis://one:6379", "spring.data.redis.cluster.nodes=c1:6379",
					"spring.data.redis.sentinel.master=m", "spring.data.redis.sentinel.nodes=s1:26379")
			.run((context) -> assertThat(context.getBean(RedisConnector.class).settings().topology())
				.isEqualTo(Topology.SENTINEL));
		this.runner.withPropertyValues("spring.data.redis.url=redis://one:6379", "spring.data.redis.cluster.nodes=c1:6379")
			.run((context) -> assertThat(context.getBean(RedisConnector.class).settings().topology())
				.isEqualTo(Topology.CLUSTER));
	}

	@Test
	void failsAtStartupWhenTwoTopologiesAreSet() {
		this.runner
			.withPropertyValues("hardening.redis.url=redis://localhost", "hardening.redis.cluster.nodes=a:6379")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.cluster.nodes")
				.hasMessageContaining("Only one of hardening.redis.url, hardening.redis.cluster.nodes and "
						+ "hardening.redis.sentinel.master may be set"));
	}

	@Test
	void failsAtStartupOnANodeWithoutAPort() {
		this.runner.withPropertyValues("hardening.redis.cluster.nodes=cache-1:6379,cache-2")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.cluster.nodes")
				.hasMessageContaining("'cache-2' is not host:port"));
		this.runner.withPropertyValues("hardening.redis.sentinel.master=m", "hardening.redis.sentinel.nodes=s:99999")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.sentinel.nodes")
				.hasMessageContaining("port must be 1 to 65535"));
	}

	@Test
	void connectsOverTlsWithTheTrustMaterialOfAnSslBundle() {
		try (TestRedisTls redis = TestRedisTls.start()) {
			ApplicationContextRunner tls = this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("spring.ssl.bundle.jks.redis.truststore.location=file:" + redis.trustStore(),
						"spring.ssl.bundle.jks.redis.truststore.password=" + redis.trustStorePassword(),
						"spring.ssl.bundle.jks.redis.truststore.type=PKCS12",
						// a first TLS handshake in a cold JVM on a busy machine: this test is about trust, not time
						"hardening.redis.command-timeout=10s");
			tls.withPropertyValues("hardening.redis.url=rediss://127.0.0.1:" + redis.port(),
					"hardening.redis.ssl.bundle=redis")
				.run((context) -> assertThat(context.getBean(RedisConnector.class).commands().ping())
					.isEqualTo("PONG"));
			// the same server under a name its certificate does not carry: refused unless only the chain is checked
			tls.withPropertyValues("hardening.redis.url=redis://" + TestRedisTls.OTHER_HOST + ":" + redis.port(),
					"hardening.redis.ssl.enabled=true", "hardening.redis.ssl.bundle=redis")
				.run((context) -> assertThatExceptionOfType(RedisConnectionException.class)
					.isThrownBy(() -> context.getBean(RedisConnector.class).commands().ping()));
			tls.withPropertyValues("hardening.redis.url=redis://" + TestRedisTls.OTHER_HOST + ":" + redis.port(),
					"hardening.redis.ssl.enabled=true", "hardening.redis.ssl.bundle=redis",
					"hardening.redis.ssl.verify-peer=ca")
				.run((context) -> assertThat(context.getBean(RedisConnector.class).commands().ping())
					.isEqualTo("PONG"));
		}
	}

	@Test
	void failsAtStartupOnAnUnknownSslBundle() {
		this.runner
			.withPropertyValues("hardening.redis.url=rediss://localhost", "hardening.redis.ssl.bundle=missing")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.ssl.bundle"));
	}

	@Test
	void runsOnSpringDataRedisClientResourcesAndLeavesThemRunningWhenItCloses() {
		TestRedisCluster cluster = TestRedisCluster.shared();
		ClientResources[] seen = new ClientResources[1];
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, HardeningRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()))
			.run((context) -> {
				RedisConnector connector = context.getBean(RedisConnector.class);
				ClientResources shared = context.getBean(ClientResources.class);
				seen[0] = shared;
				assertThat(connector.sharesClientResources()).isTrue();
				assertThat(connector.commands().ping()).isEqualTo("PONG");
				assertThat(context.getBean(RedisConnectionFactory.class).getClusterConnection().ping())
					.isEqualTo("PONG");
				// the connector closes first (it depends on nothing of Spring Data's, so order is not given):
				// Spring Data's connections must keep working without it
				connector.close();
				assertThat(shared.eventExecutorGroup().isShuttingDown()).isFalse();
				assertThat(context.getBean(RedisConnectionFactory.class).getClusterConnection().ping())
					.isEqualTo("PONG");
			});
		assertThat(seen[0].eventExecutorGroup().isShuttingDown()).as("shut down by Spring Data's own bean").isTrue();
	}

	@Test
	void hasLettuceResourcesOfItsOwnWithoutSpringDataRedis() {
		this.runner.withPropertyValues("hardening.redis.url=redis://localhost:1")
			.run((context) -> assertThat(context.getBean(RedisConnector.class).sharesClientResources()).isFalse());
	}

}
