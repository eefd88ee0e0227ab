package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hardening.crypto.FieldEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample stores a project's API key encrypted: the table holds a ciphertext under key 1, bound
 * to its project (moved onto another project it does not decrypt), the API shows the last four
 * characters, and the key appears in no log line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=encryption")
@ExtendWith(OutputCaptureExtension.class)
class SampleEncryptionTests {

	private static final String API_KEY = "sk_live_sample_4eC39HqLyjWDarjt";

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private FieldEncryptor encryptor;

	@Test
	void anApiKeyIsStoredEncryptedAndShownByItsLastFourCharacters(CapturedOutput output) throws Exception {
		HttpResponse<String> stored = send("PUT", "/integrations/1/api-key", "{\"apiKey\":\"" + API_KEY + "\"}");
		assertThat(stored.statusCode()).isEqualTo(204);

		String column = this.jdbc.sql("SELECT api_key FROM project_api_keys WHERE project_id = 1")
			.query(String.class)
			.single();
		assertThat(column).doesNotContain(API_KEY).doesNotContain("sk_live");
		assertThat(this.encryptor.keyId(column)).isEqualTo(1);
		assertThat(this.encryptor.decrypt(column, "projects.api_key:1")).isEqualTo(API_KEY);

		HttpResponse<String> shown = send("GET", "/integrations/1/api-key", null);
		assertThat(shown.statusCode()).isEqualTo(200);
		JsonNode body = JsonMapper.shared().readTree(shown.body());
		assertThat(body.path("last4").asString()).isEqualTo("Darjt".substring(1));
		assertThat(body.path("keyId").asInt()).isEqualTo(1);
		assertThat(shown.body()).doesNotContain(API_KEY);

		assertThat(output.getAll()).doesNotContain(API_KEY);
	}

	@Test
	void aCiphertextCopiedOntoAnotherRowDoesNotDecryptThere() {
		String ciphertext = this.encryptor.encrypt(API_KEY, "projects.api_key:1");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(
				() -> this.encryptor.decrypt(ciphertext, "projects.api_key:2")))
			.isInstanceOf(dev.hardening.crypto.FieldDecryptionException.class)
			.message()
			.doesNotContain(API_KEY)
			.doesNotContain(ciphertext);
	}

	@Test
	void aMissingProjectOrAShortKeyIsAProblem() throws Exception {
		HttpResponse<String> missing = send("PUT", "/integrations/987654/api-key", "{\"apiKey\":\"" + API_KEY + "\"}");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain(API_KEY);
		HttpResponse<String> none = send("GET", "/integrations/987654/api-key", null);
		assertThat(none.statusCode()).isEqualTo(404);
		HttpResponse<String> shortKey = send("PUT", "/integrations/1/api-key", "{\"apiKey\":\"abc\"}");
		assertThat(shortKey.statusCode()).isEqualTo(400);
		assertThat(shortKey.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
