package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.security.AttackSecuredApplication.Api;
import org.junit.jupiter.api.Test;

import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose idempotency keys they are once Spring Security knows the user: a key is the caller's, and
 * an authenticated caller is its user (docs/idempotency.md), behind whatever address.
 */
class SecurityIdempotencyScopeTests extends AttackSecuredTests {

	/**
	 * Found by an attack, fixed. User {@code user} sends {@code POST /orders} with {@code Idempotency-Key: "k-1"} and
	 * gets order 1; user {@code other}, from the same address (one office NAT, or every client
	 * behind a proxy that is not in trusted-proxies), sends the same request with the same key and
	 * gets {@code user}'s stored {@code 201}, with {@code user}'s name and card, marked
	 * {@code Idempotent-Replayed: true}, and no order of its own. The default {@code @Idempotent}
	 * scopes keys "by address" although Spring Security has authenticated the caller, so the
	 * promise of docs/idempotency.md ("one client's key can never replay another's response") does
	 * not hold for users. Now an authenticated request's key is its user's too: the second request runs
	 * and answers with {@code other}'s own order.
	 */
	@Test
	void oneUsersKeyNeverReplaysAnotherUsersResponse() {
		String key = "\"k-" + System.nanoTime() + "\"";
		HttpResponse<String> first = this.http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key,
				"Authorization", basic("user", "password"));
		int orders = Api.ORDERS.get();

		HttpResponse<String> second = this.http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key,
				"Authorization", basic("other", "password"));

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.body()).contains("\"owner\":\"user\"");
		assertThat(second.body()).as("%s %s", second.headers().map(), second.body()).doesNotContain("\"owner\":\"user\"");
		assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(Api.ORDERS.get()).as("the second user's order ran").isEqualTo(orders + 1);
	}

	/**
	 * Found by an attack, fixed (same cause as above). User {@code other} sends user {@code user}'s
	 * {@code Idempotency-Key} with a different body and gets {@code 422 IDEMPOTENCY_KEY_MISMATCH}
	 * ("first used with a different request"): an oracle telling one signed-in user which keys
	 * another user has used, and what request shape they had. With keys scoped to the authenticated
	 * user, as docs/idempotency.md promises ("one client's key can never replay another's
	 * response"), the request is simply a first use: {@code 201}.
	 */
	@Test
	void anotherUsersKeyIsNoOracle() {
		String key = "\"k-" + System.nanoTime() + "\"";
		this.http.post("/orders", JSON, "{\"item\":\"lamp\"}", "Idempotency-Key", key, "Authorization",
				basic("user", "password"));

		HttpResponse<String> probe = this.http.post("/orders", JSON, "{\"item\":\"other\"}", "Idempotency-Key", key,
				"Accept", JSON, "Authorization", basic("other", "password"));

		assertThat(probe.statusCode()).as("%s", probe.body()).isEqualTo(201);
	}

	/** A policy with {@code key: principal}: the same key from another user runs as that user's own request. */
	@Test
	void aPrincipalKeyedPolicyKeepsUsersApart() {
		String key = "\"k-" + System.nanoTime() + "\"";
		HttpResponse<String> first = this.http.post("/user-orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
				key, "Authorization", basic("user", "password"));
		HttpResponse<String> second = this.http.post("/user-orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
				key, "Authorization", basic("other", "password"));
		HttpResponse<String> retry = this.http.post("/user-orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
				key, "Authorization", basic("other", "password"));

		assertThat(first.body()).contains("\"owner\":\"user\"");
		assertThat(second.statusCode()).isEqualTo(201);
		assertThat(second.body()).contains("\"owner\":\"other\"");
		assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(retry.body()).isEqualTo(second.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	/** The same user's retry with the same key is the replay, as documented. */
	@Test
	void theSameUsersRetryIsReplayed() {
		String key = "\"k-" + System.nanoTime() + "\"";
		HttpResponse<String> first = this.http.post("/orders", JSON, "{\"item\":\"pen\"}", "Idempotency-Key", key,
				"Authorization", basic("user", "password"));
		HttpResponse<String> retry = this.http.post("/orders", JSON, "{\"item\":\"pen\"}", "Idempotency-Key", key,
				"Authorization", basic("user", "password"));

		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	/** Without credentials a key is worth nothing: the 401, never a replay. */
	@Test
	void anAnonymousRequestWithSomeonesKeyGetsThe401() {
		String key = "\"k-" + System.nanoTime() + "\"";
		this.http.post("/orders", JSON, "{\"item\":\"cup\"}", "Idempotency-Key", key, "Authorization",
				basic("user", "password"));

		HttpResponse<String> anonymous = this.http.post("/orders", JSON, "{\"item\":\"cup\"}", "Idempotency-Key", key,
				"Accept", JSON);

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("4242");
	}

}
