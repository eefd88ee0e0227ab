package dev.hardening.autoconfigure.crypto;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hardening.crypto.DeterministicFieldEncryptor;
import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.crypto.FieldKey;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.orm.jpa.hibernate.SpringBeanContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JPA converters on a real PostgreSQL through Hibernate, which gets them from Spring as Boot's
 * JPA auto-configuration arranges (a {@link SpringBeanContainer}).
 */
@ExtendWith(PostgresExtension.class)
class EncryptedAttributeTests {

	static final String KEY = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');

	static final String SIV_KEY = Base64.getEncoder().encodeToString(new byte[64]).replace('A', 'C');

	private final FieldEncryptor encryptor = FieldEncryptor.of(List.of(FieldKey.ofBase64(3, KEY)), 3);

	private final DeterministicFieldEncryptor deterministic = DeterministicFieldEncryptor
		.of(List.of(FieldKey.ofBase64(4, SIV_KEY)), 4);

	@Test
	void attributesAreStoredEncryptedReadBackPlainAndFoundByEqualityWhenDeterministic(TestPostgres postgres) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(FieldEncryptor.class, () -> this.encryptor);
			context.registerBean(DeterministicFieldEncryptor.class, () -> this.deterministic);
			context.registerBean(DataSource.class, postgres::dataSource);
			context.register(JpaConfiguration.class);
			context.refresh();
			EntityManager entities = context.getBean(EntityManagerFactory.class).createEntityManager();
			entities.getTransaction().begin();
			entities.persist(new Account(1L, "sk_live_42", "ada@example.com"));
			entities.persist(new Account(2L, null, "bob@example.com"));
			entities.getTransaction().commit();
			entities.clear();

			JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
			String storedKey = jdbc.queryForObject("SELECT apiKey FROM encrypted_account WHERE id = 1", String.class);
			String storedEmail = jdbc.queryForObject("SELECT email FROM encrypted_account WHERE id = 1", String.class);
			assertThat(storedKey).isNotNull().doesNotContain("sk_live_42");
			assertThat(this.encryptor.decrypt(storedKey)).isEqualTo("sk_live_42");
			assertThat(this.encryptor.keyId(storedKey)).isEqualTo(3);
			assertThat(storedEmail).isNotNull().doesNotContain("ada");
			assertThat(this.deterministic.decrypt(storedEmail)).isEqualTo("ada@example.com");
			assertThat(jdbc.queryForObject("SELECT apiKey FROM encrypted_account WHERE id = 2", String.class)).isNull();

			assertThat(entities.find(Account.class, 1L).apiKey).isEqualTo("sk_live_42");
			assertThat(entities.find(Account.class, 2L).apiKey).isNull();
			assertThat(entities
				.createQuery("SELECT a FROM EncryptedAccount a WHERE a.email = :email", Account.class)
				.setParameter("email", "ada@example.com")
				.getResultList()).singleElement().extracting((account) -> account.id).isEqualTo(1L);
			assertThat(entities
				.createQuery("SELECT a FROM EncryptedAccount a WHERE a.email = :email", Account.class)
				.setParameter("email", "ADA@example.com")
				.getResultList()).isEmpty();
			entities.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class JpaConfiguration {

		@Bean
		LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource,
				ConfigurableListableBeanFactory beanFactory) {
			LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
			factory.setDataSource(dataSource);
			factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
			factory.setManagedTypes(PersistenceManagedTypes.of(Account.class.getName()));
			factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "create-drop",
					"hibernate.resource.beans.container", new SpringBeanContainer(beanFactory)));
			return factory;
		}

	}

	@Entity(name = "EncryptedAccount")
	@jakarta.persistence.Table(name = "encrypted_account")
	static class Account {

		@Id
		Long id;

		@Convert(converter = EncryptedString.class)
		String apiKey;

		@Convert(converter = DeterministicEncryptedString.class)
		String email;

		protected Account() {
		}

		Account(Long id, String apiKey, String email) {
			this.id = id;
			this.apiKey = apiKey;
			this.email = email;
		}

	}

}
