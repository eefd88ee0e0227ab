package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answer comes first for a client with no credentials: hardening's conditional-request
 * answers ({@code 304}, {@code 412}, {@code 428}) or Spring Security's {@code 401}.
 */
class SecurityPreconditionOrderTests extends AttackSecuredTests {

	/**
	 * Found by an attack, fixed. A client with no credentials that sent {@code PUT /things/1} (or
	 * {@code DELETE}) without {@code If-Match} got {@code 428 PRECONDITION_REQUIRED} ("send If-Match
	 * with the ETag you last read") from the ETag filter, which runs before Spring Security: without authenticating
	 * it learns which paths take writes and their write protocol, and the application's refusal (the
	 * {@code 401} challenge, or the {@code 403} of a missing CSRF token) never gets a say. A
	 * precondition only matters for a request that would otherwise be processed (RFC 9110 §13.2.1:
	 * preconditions are ignored when the request without them would not succeed; RFC 6585 §3), so
	 * the answer is now Spring Security's {@code 401} with its challenge; a signed-in client gets
	 * the {@code 428}, from the requirement asked as the request reaches its handler.
	 */
	@Test
	void anUnauthenticatedWriteWithoutIfMatchGetsThe401NotThe428() {
		HttpResponse<String> response = this.http.send("PUT", "/things/1", "{\"name\":\"x\"}", "Content-Type", JSON,
				"Accept", JSON);

		assertThat(response.statusCode()).as("%s %s", response.headers().map(), response.body()).isEqualTo(401);
		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	/** A signed-in client gets the documented {@code 428} for the same request. */
	@Test
	void aSignedInWriteWithoutIfMatchGetsThe428() {
		HttpResponse<String> response = this.http.send("PUT", "/things/1", "{\"name\":\"x\"}", "Content-Type", JSON,
				"Accept", JSON, "Authorization", basic("user", "password"));

		assertProblem(response, 428, "PRECONDITION_REQUIRED");
	}

	/** A signed-in write with If-Match reaches the handler (the 428 is not a blanket refusal). */
	@Test
	void aSignedInWriteWithIfMatchReachesTheHandler() {
		HttpResponse<String> response = this.http.send("PUT", "/things/1", "{\"name\":\"x\"}", "Content-Type", JSON,
				"Accept", JSON, "If-Match", "\"1\"", "Authorization", basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(200);
	}

	/**
	 * Without credentials, another user's current ETag, or a date in the future, confirms
	 * nothing: the answer is the {@code 401}, never a {@code 304}, and carries no ETag.
	 */
	@Test
	void anUnauthenticatedRevalidationGetsThe401NotA304() {
		HttpResponse<String> owner = this.http.get("/cached/me", "Authorization", basic("user", "password"));
		String etag = owner.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> byTag = this.http.get("/cached/me", "Accept", JSON, "If-None-Match", etag);
		HttpResponse<String> byDate = this.http.get("/cached/me", "Accept", JSON, "If-Modified-Since",
				"Fri, 01 Jan 2100 00:00:00 GMT");
		HttpResponse<String> star = this.http.get("/cached/me", "Accept", JSON, "If-None-Match", "*");

		for (HttpResponse<String> response : java.util.List.of(byTag, byDate, star)) {
			assertProblem(response, 401, "UNAUTHORIZED");
			assertThat(response.headers().firstValue("ETag")).isEmpty();
			assertThat(response.body()).doesNotContain("balance");
		}
	}

	/**
	 * Without credentials, a failing {@code If-Match} on a protected read is the {@code 401},
	 * not a {@code 412} that would tell the resource exists and has another version.
	 */
	@Test
	void anUnauthenticatedIfMatchOnAProtectedReadGetsThe401NotA412() {
		HttpResponse<String> response = this.http.get("/admin/data", "Accept", JSON, "If-Match", "\"nope\"");
		HttpResponse<String> user = this.http.get("/admin/data", "Accept", JSON, "If-Match", "\"nope\"",
				"Authorization", basic("user", "password"));

		assertProblem(response, 401, "UNAUTHORIZED");
		assertProblem(user, 403, "FORBIDDEN");
	}

	/** A HEAD (shown to the application as its GET) without credentials is the 401, never a 304. */
	@Test
	void anUnauthenticatedHeadIsThe401() {
		String etag = this.http.get("/cached/me", "Authorization", basic("user", "password"))
			.headers()
			.firstValue("ETag")
			.orElseThrow();

		HttpResponse<String> head = this.http.send("HEAD", "/cached/me", null, "Accept", JSON, "If-None-Match", etag);

		assertThat(head.statusCode()).isEqualTo(401);
		assertThat(head.headers().firstValue("ETag")).isEmpty();
	}

	/**
	 * By design (docs/web-security.md, "Filter order": request limits and rate limiting run
	 * before Spring Security, so that a flood or an oversized body costs no authentication): a body
	 * declared over the limit is refused unread with the {@code 413} problem even without
	 * credentials. It tells the client the path's size limit and nothing about the resource.
	 */
	@Test
	void anOversizedBodyIsRefusedBeforeAuthentication() throws java.io.IOException {
		String request = "PUT /things/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json\r\nIf-Match: \"1\"\r\nContent-Length: 5000000\r\n\r\n";
		String head;
		try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			// the status line and headers only: the server may wait for the body it will not read
			StringBuilder received = new StringBuilder();
			java.io.InputStream in = socket.getInputStream();
			while (received.indexOf("\r\n\r\n") < 0) {
				int b = in.read();
				if (b < 0) {
					break;
				}
				received.append((char) b);
			}
			head = received.toString();
		}

		assertThat(head).startsWith("HTTP/1.1 413").contains("application/problem+json").doesNotContain("WWW-Authenticate");
	}

	/** Another user's ETag is not current for this user: a 200 with their own body. */
	@Test
	void anotherUsersETagIsNotCurrent() {
		String etag = this.http.get("/cached/me", "Authorization", basic("user", "password"))
			.headers()
			.firstValue("ETag")
			.orElseThrow();

		HttpResponse<String> other = this.http.get("/cached/me", "If-None-Match", etag, "Authorization",
				basic("other", "password"));

		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).contains("\"other\"");
	}

}
