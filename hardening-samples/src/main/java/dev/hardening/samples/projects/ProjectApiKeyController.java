package dev.hardening.samples.projects;

import java.util.Map;

import dev.hardening.crypto.FieldEncryptor;
import dev.hardening.error.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's API key for its upstream integration, a secret the service must be able to read back
 * (to call the upstream with it), so it is encrypted rather than hashed. The key is encrypted with
 * the {@link FieldEncryptor} that {@code hardening.crypto.keys} configures, bound to its row by the
 * context {@code projects.api_key:<id>}, so a value copied onto another project does not decrypt.
 * Reading it back shows only its last four characters and the id of the key it is under.
 */
@RestController
class ProjectApiKeyController {

	private final JdbcClient jdbc;

	private final FieldEncryptor encryptor;

	ProjectApiKeyController(JdbcClient jdbc, FieldEncryptor encryptor) {
		this.jdbc = jdbc;
		this.encryptor = encryptor;
	}

	@PutMapping("/integrations/{id}/api-key")
	ResponseEntity<Void> store(@PathVariable long id, @Valid @RequestBody NewApiKey body) {
		String ciphertext = this.encryptor.encrypt(body.apiKey(), context(id));
		try {
			int updated = this.jdbc.sql("UPDATE project_api_keys SET api_key = ? WHERE project_id = ?")
				.params(ciphertext, id)
				.update();
			if (updated == 0) {
				this.jdbc.sql("INSERT INTO project_api_keys (project_id, api_key) VALUES (?, ?)")
					.params(id, ciphertext)
					.update();
			}
		}
		catch (DataIntegrityViolationException ex) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/integrations/{id}/api-key")
	ApiKeyView show(@PathVariable long id) {
		String ciphertext = this.jdbc.sql("SELECT api_key FROM project_api_keys WHERE project_id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("Project " + id + " has no API key.", Map.of("projectId", id)));
		String apiKey = this.encryptor.decrypt(ciphertext, context(id));
		return new ApiKeyView(apiKey.substring(Math.max(0, apiKey.length() - 4)), this.encryptor.keyId(ciphertext));
	}

	/** What is shown of a stored key: its last four characters and the ID of the key it is encrypted with. */
	record ApiKeyView(String last4, int keyId) {
	}

	private static String context(long id) {
		return "projects.api_key:" + id;
	}

	private static NotFoundException notFound(long id) {
		return new NotFoundException("Project " + id + " does not exist.", Map.of("projectId", id));
	}

	/**
	 * The body of {@code PUT /integrations/{id}/api-key}.
	 *
	 * @param apiKey the key, 8 to 200 characters
	 */
	record NewApiKey(@NotBlank @Size(min = 8, max = 200) String apiKey) {
	}

}
