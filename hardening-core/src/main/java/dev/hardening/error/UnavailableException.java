package dev.hardening.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The service cannot answer now: a {@code 503} problem with code {@code SERVICE_UNAVAILABLE} and,
 * when a {@linkplain #retryAfter() retry delay} is known, a {@code Retry-After} header.
 */
public class UnavailableException extends ApiException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates an exception with no retry delay.
	 * @param detail what is unavailable, shown to the client
	 */
	public UnavailableException(String detail) {
		this(detail, null, null);
	}

	/**
	 * Creates an exception.
	 * @param detail what is unavailable, shown to the client
	 * @param retryAfter how long the client should wait before trying again, or {@code null}
	 * @param cause the underlying failure, logged but not shown, or {@code null}
	 * @throws IllegalArgumentException if the retry delay is negative
	 */
	public UnavailableException(String detail, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		this(ErrorCode.SERVICE_UNAVAILABLE, detail, Map.of(), retryAfter, cause);
	}

	/**
	 * Creates an exception with a more specific code of status {@code 503}, such as
	 * {@code DATABASE_UNAVAILABLE}.
	 * @param errorCode the code, of status {@code 503}
	 * @param detail what is unavailable, shown to the client
	 * @param retryAfter how long the client should wait before trying again, or {@code null}
	 * @param cause the underlying failure, logged but not shown, or {@code null}
	 * @return the exception
	 * @throws IllegalArgumentException if the code is not of status 503 or the delay is negative
	 */
	public static UnavailableException of(ErrorCode errorCode, String detail, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		return new UnavailableException(errorCode, detail, Map.of(), retryAfter, cause);
	}

	/**
	 * Creates an exception with a more specific code of status {@code 503}.
	 * @param errorCode the code, of status {@code 503}
	 * @param detail what is unavailable, shown to the client
	 * @param extensions additional problem members, shown to the client
	 * @param retryAfter how long the client should wait before trying again, or {@code null}
	 * @param cause the underlying failure, logged but not shown, or {@code null}
	 * @throws IllegalArgumentException if the code is not of status 503 or the delay is negative
	 */
	protected UnavailableException(ErrorCode errorCode, String detail, Map<String, ?> extensions,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(errorCode, detail, extensions, cause);
		if (errorCode.status() != 503) {
			throw new IllegalArgumentException("errorCode must be of status 503, but " + errorCode.code() + " is "
					+ errorCode.status());
		}
		if (retryAfter != null && retryAfter.isNegative()) {
			throw new IllegalArgumentException("retryAfter must not be negative, but was " + retryAfter);
		}
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns how long the client should wait before trying again.
	 * @return the delay, or empty if unknown
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
