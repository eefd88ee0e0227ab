package dev.hardening.autoconfigure.idempotency;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.idempotency.IdempotencyMetrics.Outcome;
import dev.hardening.autoconfigure.idempotency.IdempotencyProperties.FailMode;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.error.ErrorCode;
import dev.hardening.idempotency.Acquisition;
import dev.hardening.idempotency.Fingerprint;
import dev.hardening.idempotency.IdempotencyKey;
import dev.hardening.idempotency.IdempotencyKey.InvalidKeyException;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.StoredResponse;
import dev.hardening.web.BodyTooLargeException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.util.WebUtils;

/**
 * Applies a policy to a request: reads its key, takes it in the store, and answers a retry with
 * the stored response, a request still running with {@code 409}, and a key reused for another
 * request with {@code 422}; after the request, stores its response or releases its key.
 */
final class IdempotencyGuard {

	/** The request header that carries the key. */
	static final String HEADER = "Idempotency-Key";

	/** The header that marks a replayed response. */
	static final String REPLAYED = "Idempotent-Replayed";

	/** Headers the starter sets per request, which a retry gets of its own (the request ID's aside). */
	private static final List<String> RETRYS_OWN = List.of(REPLAYED, "RateLimit", "RateLimit-Policy",
			"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "traceresponse");

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyGuard.class);

	private final IdempotencyStore store;

	private final CircuitBreaker breaker;

	private final IdempotencyProperties properties;

	private final ClientAddressResolver addresses;

	private final IdempotencyMetrics metrics;

	private final @Nullable ProblemResponseWriter writer;

	private final @Nullable ProblemFactory problems;

	private final List<String> replayHeaders;

	private final @Nullable String link;

	IdempotencyGuard(IdempotencyStore store, CircuitBreaker breaker, IdempotencyProperties properties,
			List<String> replayHeaders, ClientAddressResolver addresses, IdempotencyMetrics metrics, @Nullable ProblemResponseWriter writer,
			@Nullable ProblemFactory problems) {
		this.store = store;
		this.breaker = breaker;
		this.properties = properties;
		this.addresses = addresses;
		this.metrics = metrics;
		this.writer = writer;
		this.problems = problems;
		this.replayHeaders = List.copyOf(replayHeaders);
		this.link = (properties.getDocumentation() != null)
				? "<" + properties.getDocumentation().toASCIIString() + ">; rel=\"describedby\"" : null;
	}

	/**
	 * The headers a replay carries: those of {@code hardening.idempotency.replay-headers}, each once
	 * (a name listed twice, in any letter case, would be stored and sent twice), less those a retry
	 * gets of its own, per request, whatever the list says: the request ID, the rate-limit fields,
	 * {@code traceresponse} and the replay marker.
	 * @param configured the configured names
	 * @param requestIdHeader the request ID's header, if the request ID capability is on
	 * @return the names, in the configured order and spelling
	 */
	static List<String> replayedHeaders(List<String> configured, @Nullable String requestIdHeader) {
		Set<String> seen = new HashSet<>();
		for (String own : RETRYS_OWN) {
			seen.add(own.toLowerCase(Locale.ROOT));
		}
		if (requestIdHeader != null) {
			seen.add(requestIdHeader.toLowerCase(Locale.ROOT));
		}
		List<String> replayed = new ArrayList<>();
		for (String name : configured) {
			if (seen.add(name.toLowerCase(Locale.ROOT))) {
				replayed.add(name);
			}
		}
		return replayed;
	}

	/**
	 * Guards a request a policy applies to.
	 * @return {@code true} if the request may run; otherwise it has been answered
	 */
	boolean guard(HttpServletRequest request, HttpServletResponse response, IdempotencyRule rule) throws IOException {
		String key;
		try {
			key = IdempotencyKey.parse(Collections.list(request.getHeaders(HEADER)));
		}
		catch (InvalidKeyException ex) {
			return refuse(request, response, rule, Outcome.INVALID, ErrorCode.IDEMPOTENCY_KEY_INVALID, ex.getMessage());
		}
		if (key == null) {
			if (rule.required()) {
				return refuse(request, response, rule, Outcome.MISSING, ErrorCode.IDEMPOTENCY_KEY_MISSING,
						"This request must carry an Idempotency-Key header, such as Idempotency-Key: \"<a new UUID>\".");
			}
			this.metrics.record(rule.name(), Outcome.NO_KEY);
			return true;
		}
		IdempotentRequest body = WebUtils.getNativeRequest(request, IdempotentRequest.class);
		if (body == null) {
			throw new IllegalStateException("A request with an Idempotency-Key reached the idempotency interceptor "
					+ "without passing the idempotency filter; is hardeningIdempotencyFilter registered?");
		}
		String client = client(request, rule);
		String fingerprint;
		try {
			Fingerprint parts = Fingerprint.start()
				.add(request.getMethod())
				.add(request.getRequestURI())
				.add(request.getQueryString())
				.add(client);
			body.addBodyTo(parts, request);
			fingerprint = parts.finish();
		}
		catch (BodyTooLargeException ex) {
			return refuse(request, response, rule, null, ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + ex.limit() + " bytes.");
		}
		catch (ServletException | IllegalStateException ex) {
			return refuse(request, response, rule, null, ErrorCode.MALFORMED_BODY, "The request body could not be read.");
		}
		String storeKey = rule.name() + ':' + Fingerprint.start().add(client).add(key).finish();
		Acquisition acquisition;
		try {
			acquisition = call(() -> this.store.acquire(storeKey, fingerprint, this.properties.getLease()));
		}
		catch (RuntimeException ex) {
			this.metrics.record(rule.name(), Outcome.STORE_ERROR);
			if (this.properties.getFailMode() == FailMode.OPEN) {
				logger.warn("Idempotency store unavailable ({}); policy {} runs the request unguarded (fail-mode open)",
						ex.getClass().getSimpleName(), rule.name());
				return true;
			}
			logger.warn("Idempotency store unavailable ({}); policy {} refuses the request (fail-mode closed)",
					ex.getClass().getSimpleName(), rule.name());
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			return refuse(request, response, rule, null, ErrorCode.SERVICE_UNAVAILABLE,
					"Idempotency keys cannot be checked right now; retry with the same key shortly.");
		}
		if (acquisition instanceof Acquisition.Acquired acquired) {
			request.setAttribute(Guarded.ATTRIBUTE, new Guarded(rule, storeKey, acquired.owner(), fingerprint));
			return true;
		}
		if (acquisition instanceof Acquisition.InProgress running) {
			if (!running.fingerprint().equals(fingerprint)) {
				return mismatch(request, response, rule);
			}
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			return refuse(request, response, rule, Outcome.IN_PROGRESS, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
					"A request with this Idempotency-Key is still running; retry with the same key shortly.");
		}
		Acquisition.Completed completed = (Acquisition.Completed) acquisition;
		if (!completed.fingerprint().equals(fingerprint)) {
			return mismatch(request, response, rule);
		}
		replay(response, completed.response());
		this.metrics.record(rule.name(), Outcome.REPLAYED);
		return false;
	}

	/**
	 * Stores the response of a request that held its key, or releases the key when the response is
	 * not one to replay.
	 * @param request the request
	 * @param response the recorded response
	 * @param failure what the request threw, or {@code null}
	 */
	void complete(HttpServletRequest request, RecordingResponse response, @Nullable Throwable failure)
			throws IOException {
		Object attribute = request.getAttribute(Guarded.ATTRIBUTE);
		if (!(attribute instanceof Guarded guarded)) {
			response.release();
			return;
		}
		request.removeAttribute(Guarded.ATTRIBUTE);
		try {
			store(request, response, failure, guarded);
		}
		finally {
			// stored first, then sent: a client that has the answer gets it again on a retry
			response.release();
		}
	}

	private void store(HttpServletRequest request, RecordingResponse response, @Nullable Throwable failure,
			Guarded guarded) {
		String policy = guarded.rule().name();
		Outcome outcome = Outcome.EXECUTED;
		byte[] body = null;
		try {
			response.drainWriter();
			body = response.body();
		}
		catch (IOException | RuntimeException ex) {
			failure = (failure != null) ? failure : ex;
		}
		int status = response.getStatus();
		if (failure != null || response.errorSent() || (status >= 500 && !this.properties.isStoreServerErrors())
				|| (threw(request) && !this.properties.isStoreExceptions())) {
			outcome = Outcome.RELEASED;
		}
		else if (body == null) {
			outcome = Outcome.TOO_LARGE;
			logger.warn("Response of policy {} not stored for replay: over hardening.idempotency.max-response-size ({});"
					+ " its key is released", policy, this.properties.getMaxResponseSize());
		}
		byte[] stored = body;
		try {
			if (outcome == Outcome.EXECUTED) {
				StoredResponse answer = new StoredResponse(status, replayHeaders(response), stored);
				call(() -> this.store.complete(guarded.storeKey(), guarded.owner(), guarded.fingerprint(), answer,
						this.properties.getRetention()));
			}
			else {
				call(() -> {
					this.store.release(guarded.storeKey(), guarded.owner());
					return null;
				});
			}
			this.metrics.record(policy, outcome);
		}
		catch (RuntimeException ex) {
			// the lease frees the key in the end; the response goes out either way
			this.metrics.record(policy, Outcome.STORE_ERROR);
			logger.warn("Idempotency store unavailable ({}) completing a request of policy {}; its key is held until"
					+ " its lease of {} runs out", ex.getClass().getSimpleName(), policy, this.properties.getLease());
		}
	}

	private static boolean threw(HttpServletRequest request) {
		return request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) != null
				|| request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null;
	}

	private List<StoredResponse.Header> replayHeaders(HttpServletResponse response) {
		List<StoredResponse.Header> headers = new ArrayList<>();
		for (String name : this.replayHeaders) {
			for (String value : response.getHeaders(name)) {
				headers.add(new StoredResponse.Header(name, value));
			}
		}
		return headers;
	}

	private void replay(HttpServletResponse response, StoredResponse stored) throws IOException {
		response.setStatus(stored.status());
		// added to what the response has by now, but for the values it has already: a filter's
		// Vary, say, which the stored response had too, goes out once, and one of this request's
		// own (the CORS filter's Vary: Origin when the first request had no Origin) is kept
		for (StoredResponse.Header header : stored.headers()) {
			if (!has(response, header.name(), header.value())) {
				response.addHeader(header.name(), header.value());
			}
		}
		response.setHeader(REPLAYED, "true");
		if (this.link != null) {
			response.addHeader(HttpHeaders.LINK, this.link);
		}
		response.setContentLength(stored.body().length);
		ServletOutputStream out = response.getOutputStream();
		out.write(stored.body());
		out.flush();
	}

	private static boolean has(HttpServletResponse response, String name, String value) {
		for (String present : response.getHeaders(name)) {
			if (present.equalsIgnoreCase(value)) {
				return true;
			}
		}
		return false;
	}

	private String client(HttpServletRequest request, IdempotencyRule rule) {
		String client = rule.client().resolve(request);
		// a request without the configured identity (no API key header, say) is its address's
		String caller = (client != null) ? client : "ip:" + this.addresses.resolve(request);
		// and an authenticated one its user's as well, whatever the key: two users behind one address,
		// or sharing an API key, never replay each other's responses nor learn each other's keys (the
		// address or key part never holds a line break, so the two parts cannot be read another way)
		Principal user = request.getUserPrincipal();
		return (user != null && !caller.startsWith("user:")) ? caller + "\nuser:" + user.getName() : caller;
	}

	private boolean mismatch(HttpServletRequest request, HttpServletResponse response, IdempotencyRule rule)
			throws IOException {
		return refuse(request, response, rule, Outcome.MISMATCH, ErrorCode.IDEMPOTENCY_KEY_MISMATCH,
				"This Idempotency-Key was first used with a different request; send a new key for a new request.");
	}

	private boolean refuse(HttpServletRequest request, HttpServletResponse response, IdempotencyRule rule,
			@Nullable Outcome outcome, ErrorCode code, String detail) throws IOException {
		if (outcome != null) {
			this.metrics.record(rule.name(), outcome);
		}
		if (this.link != null && code.status() != 503 && code.status() != 413) {
			response.addHeader(HttpHeaders.LINK, this.link);
		}
		if (this.writer == null || this.problems == null) {
			// problem details switched off (hardening.errors.enabled=false): the container's error page
			response.sendError(code.status(), detail);
			return false;
		}
		ProblemDetail problem = this.problems.create(code, detail);
		this.writer.write(request, response, problem);
		return false;
	}

	private <T> T call(Supplier<T> call) {
		return this.breaker.executeSupplier(call);
	}

}
