package dev.hardening.autoconfigure.etag;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The preconditions of the current request, for controllers that know their resource's version
 * before they load it: a deep ETag answers {@code 304} before the body is fetched or serialized,
 * and {@code If-Match} guards updates against lost writes. Declare it as a handler method
 * parameter.
 *
 * <pre>{@code
 * @GetMapping("/projects/{id}")
 * ResponseEntity<Project> get(@PathVariable long id, ConditionalRequest conditional) {
 *     return conditional.respond(ETag.ofVersion(store.version(id)), () -> store.load(id));
 * }
 *
 * @PutMapping("/projects/{id}")
 * ResponseEntity<Project> update(@PathVariable long id, @RequestBody Changes changes, ConditionalRequest conditional) {
 *     conditional.check(ETag.ofVersion(store.version(id)));   // 412 problem if If-Match is stale
 *     Project updated = store.update(id, changes);
 *     return ResponseEntity.ok().eTag(ETag.ofVersion(updated.version()).format()).body(updated);
 * }
 * }</pre>
 */
public final class ConditionalRequest {

	private static final String CHANGED = "The resource has changed since you read it: read it again, then retry with its new ETag.";

	private final HttpServletRequest request;

	ConditionalRequest(HttpServletRequest request) {
		this.request = request;
	}

	/**
	 * Answers a read: {@code 304} with the ETag if the client's copy is current (the body is never
	 * fetched), otherwise {@code 200} with the ETag and the body.
	 * @param current the resource's current entity tag, or {@code null} if it does not exist
	 * @param body fetches the body, only when it is needed
	 * @param <T> the body type
	 * @return the response
	 * @throws ApiException {@code 412} {@code PRECONDITION_FAILED} if an {@code If-Match} fails
	 */
	public <T> ResponseEntity<T> respond(@Nullable ETag current, Supplier<? extends T> body) {
		Precondition outcome = evaluate(current, null);
		if (outcome == Precondition.NOT_MODIFIED) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag((current != null) ? current.format() : null).build();
		}
		failIfFailed(outcome);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		if (current != null) {
			ok.eTag(current.format());
		}
		return ok.body(body.get());
	}

	/**
	 * Checks the preconditions of a write ({@code If-Match}, {@code If-None-Match: *},
	 * {@code If-Unmodified-Since}) against the resource's current state.
	 * @param current the resource's current entity tag, or {@code null} if it does not exist
	 * @throws ApiException {@code 412} {@code PRECONDITION_FAILED} if a precondition fails
	 */
	public void check(@Nullable ETag current) {
		failIfFailed(evaluate(current, null));
	}

	/**
	 * The {@code 412} to throw when a write whose preconditions {@linkplain #check(ETag) passed}
	 * finds, as it writes, that the resource changed meanwhile: a conditional
	 * {@code UPDATE ... WHERE version = ?} that changed no row. Checking alone cannot stop two
	 * clients holding the same ETag from both passing; the write has to name the version too.
	 * <pre>{@code
	 * conditional.check(ETag.ofVersion(version));
	 * return store.update(id, version, changes).orElseThrow(conditional::changedSinceChecked);
	 * }</pre>
	 * @return the exception, answered as a {@code 412} {@code PRECONDITION_FAILED} problem
	 */
	public ApiException changedSinceChecked() {
		return new ApiException(ErrorCode.PRECONDITION_FAILED, CHANGED);
	}

	/**
	 * Evaluates the preconditions in RFC 9110 order.
	 * @param current the resource's current entity tag, or {@code null} if unknown or absent
	 * @param lastModified when the resource last changed, or {@code null} if unknown
	 * @return what to do
	 */
	public Precondition evaluate(@Nullable ETag current, @Nullable Instant lastModified) {
		return Preconditions.evaluate(this.request.getMethod(), field(HttpHeaders.IF_MATCH),
				field(HttpHeaders.IF_NONE_MATCH), date(HttpHeaders.IF_MODIFIED_SINCE),
				date(HttpHeaders.IF_UNMODIFIED_SINCE), current, lastModified, current != null || lastModified != null);
	}

	private void failIfFailed(Precondition outcome) {
		if (outcome != Precondition.FAILED) {
			return;
		}
		for (String name : List.of(HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH)) {
			EntityTags field = field(name);
			if (field != null && field.isMalformed()) {
				throw new ApiException(ErrorCode.PRECONDITION_FAILED, name
						+ " is not a list of entity tags: send the ETag you last read exactly as it was given, quotes included.");
			}
		}
		throw new ApiException(ErrorCode.PRECONDITION_FAILED, CHANGED);
	}

	private @Nullable EntityTags field(String name) {
		return EntityTags.parse(Collections.list(this.request.getHeaders(name)));
	}

	private @Nullable Instant date(String name) {
		return Preconditions.parseDate(Collections.list(this.request.getHeaders(name)));
	}

}
