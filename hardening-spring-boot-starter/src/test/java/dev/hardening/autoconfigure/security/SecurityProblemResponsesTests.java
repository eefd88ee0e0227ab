package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.security.SecuredApplication.ApiController;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's own 401s and 403s answer with problem bodies, while its entry points keep
 * doing what the application configured: the Basic challenge for API clients, the login page for
 * browsers. And the error dispatch that now renders them opens no way around authorization.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredApplication.class,
		properties = { SecuredApplication.SECURED, SecuredApplication.CACHE_RULE_PATHS,
				SecuredApplication.CACHE_RULE_VALUE })
class SecurityProblemResponsesTests {

	private static final String JSON = "application/json";

	private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void anUnauthenticatedApiRequestGetsA401ProblemAndKeepsTheBasicChallenge() {
		HttpResponse<String> response = this.http.get("/things", "Accept", JSON);

		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic realm="));
	}

	@Test
	void wrongCredentialsGetA401Problem() {
		HttpResponse<String> response = this.http.get("/things", "Accept", JSON, "Authorization",
				basic("user", "wrong"));

		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void anAuthenticatedUserWithoutTheRoleGetsA403ProblemAndTheHandlerNeverRuns() {
		int calls = ApiController.ADMIN_CALLS.get();

		HttpResponse<String> response = this.http.get("/admin/data", "Accept", JSON, "Authorization",
				basic("user", "password"));

		assertProblem(response, 403, "FORBIDDEN");
		assertThat(response.body()).doesNotContain("secret");
		assertThat(ApiController.ADMIN_CALLS.get()).isEqualTo(calls);
	}

	@Test
	void aPostWithoutItsCsrfTokenGetsA403Problem() {
		HttpResponse<String> response = this.http.post("/things", JSON, "{\"name\":\"new\"}", "Accept", JSON,
				"Authorization", basic("user", "password"));

		assertProblem(response, 403, "FORBIDDEN");
	}

	@Test
	void aBrowserIsStillSentToTheLoginPage() {
		HttpResponse<String> response = this.http.get("/things", "Accept", BROWSER);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void theErrorPathAskedForDirectlyIsAuthorizedAsAnyPathAndShowsNothing() {
		HttpResponse<String> anonymous = this.http.get("/error", "Accept", JSON);
		HttpResponse<String> user = this.http.get("/error", "Accept", JSON, "Authorization", basic("user", "password"));

		assertProblem(anonymous, 401, "UNAUTHORIZED");
		assertProblem(user, 404, "NOT_FOUND");
		assertThat(anonymous.body() + user.body()).doesNotContain("secret");
	}

	@Test
	void aForwardToAProtectedPathIsStillAuthorized() {
		int calls = ApiController.ADMIN_CALLS.get();

		HttpResponse<String> anonymous = this.http.get("/public/forward", "Accept", JSON);
		HttpResponse<String> user = this.http.get("/public/forward", "Accept", JSON, "Authorization",
				basic("user", "password"));

		assertProblem(anonymous, 401, "UNAUTHORIZED");
		assertProblem(user, 403, "FORBIDDEN");
		assertThat(anonymous.body() + user.body()).doesNotContain("secret");
		assertThat(ApiController.ADMIN_CALLS.get()).isEqualTo(calls);
		HttpResponse<String> admin = this.http.get("/public/forward", "Authorization", basic("admin", "password"));
		assertThat(admin.body()).as("the forward itself works").isEqualTo("secret admin data");
	}

	@Test
	void aChainWithoutAuthorizationRulesGetsNone() {
		HttpResponse<String> response = this.http.get("/open/hello");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello");
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
