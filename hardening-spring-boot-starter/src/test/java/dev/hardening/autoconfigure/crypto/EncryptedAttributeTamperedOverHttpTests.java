package dev.hardening.autoconfigure.crypto;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import javax.sql.DataSource;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.hardening.autoconfigure.RootLogEvents;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.hibernate.SpringBeanContainer;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored ciphertext tampered with in the database (a byte changed, cut, another key id, empty,
 * not Base64, plaintext) read by an HTTP request through the {@link EncryptedString} converter on
 * a real PostgreSQL: the client never gets a value, gets a {@code 500} problem
 * {@code INTERNAL_ERROR} with no stack trace and no part of the stored value, and no log line
 * quotes the stored value or the plaintext of the good one.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EncryptedAttributeTamperedOverHttpTests.App.class,
		properties = { "hardening.crypto.keys[0].id=5",
				"hardening.crypto.keys[0].secret=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" })
class EncryptedAttributeTamperedOverHttpTests {

	private static final String SECRET = "sk_live_attack67_4eC39Hq";

	@LocalServerPort
	private int port;

	@Autowired
	private FieldEncryptor encryptor;

	@Autowired
	private DataSource dataSource;

	@RegisterExtension
	final RootLogEvents logs = new RootLogEvents();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}


	@ParameterizedTest
	@ValueSource(strings = { "flip", "cut", "keyid", "empty", "notbase64", "plaintext", "tagonly" })
	void aTamperedStoredValueIsNeverServedNorQuoted(String how) {
		String good = this.encryptor.encrypt(SECRET);
		byte[] bytes = Base64.getUrlDecoder().decode(good);
		String stored = switch (how) {
			case "flip" -> {
				bytes[bytes.length / 2] ^= 0x01;
				yield encode(bytes);
			}
			case "cut" -> good.substring(0, good.length() - 6);
			case "keyid" -> {
				bytes[4] = 6;
				yield encode(bytes);
			}
			case "empty" -> "";
			case "notbase64" -> good.substring(0, 20) + "+/=!" + good.substring(24);
			case "plaintext" -> SECRET;
			default -> encode(java.util.Arrays.copyOf(bytes, 5));
		};
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update("DELETE FROM attack67_secret");
		jdbc.update("INSERT INTO attack67_secret (id, apiKey) VALUES (1, ?)", stored);

		HttpResponse<String> response = new TestHttp(this.port).get("/secrets/1");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(TestHttp.json(response.body()).path("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "Converter", SECRET);
		if (stored.length() > 8) {
			assertThat(response.body()).doesNotContain(stored.substring(0, 8));
		}
		for (ILoggingEvent event : this.logs.events()) {
			assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
			if (stored.length() > 8) {
				assertThat(event.getFormattedMessage()).doesNotContain(stored.substring(0, 8));
			}
			for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
				if (stored.length() > 8) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(stored.substring(0, 8));
				}
			}
		}
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Secrets.class)
	static class App {

		@Bean
		LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource,
				ConfigurableListableBeanFactory beanFactory) {
			LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
			factory.setDataSource(dataSource);
			factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
			factory.setManagedTypes(PersistenceManagedTypes.of(Secret.class.getName()));
			factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "create-drop",
					"hibernate.resource.beans.container", new SpringBeanContainer(beanFactory)));
			return factory;
		}

	}

	@RestController
	static class Secrets {

		private final EntityManagerFactory entities;

		Secrets(EntityManagerFactory entities) {
			this.entities = entities;
		}

		@GetMapping("/secrets/{id}")
		public String read(@PathVariable long id) {
			EntityManager manager = this.entities.createEntityManager();
			try {
				Secret secret = manager.find(Secret.class, id);
				return (secret != null) ? "last4=" + secret.apiKey.substring(secret.apiKey.length() - 4) : "none";
			}
			finally {
				manager.close();
			}
		}

	}

	@Entity(name = "Attack67Secret")
	@jakarta.persistence.Table(name = "attack67_secret")
	static class Secret {

		@Id
		Long id;

		@Convert(converter = EncryptedString.class)
		String apiKey;

	}

}
