package dev.hardening.autoconfigure.web;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Counts the requests web hardening turned away, by reason, for the meter
 * {@code hardening.web.rejections}.
 */
public final class WebRejections {

	private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

	WebRejections() {
		for (Reason reason : Reason.values()) {
			this.counts.put(reason, new LongAdder());
		}
	}

	void reject(Reason reason) {
		this.counts.get(reason).increment();
	}

	/**
	 * Counts a request by the code of the problem it was answered with, when that code is one
	 * of the edge's.
	 * @param code the problem code, or {@code null} for none
	 */
	void record(@Nullable String code) {
		if (code == null) {
			return;
		}
		Reason reason = switch (code) {
			case "INVALID_HOST" -> Reason.INVALID_HOST;
			case "CORS_REJECTED" -> Reason.CORS;
			case "PAYLOAD_TOO_LARGE" -> Reason.BODY_TOO_LARGE;
			case "BODY_TOO_COMPLEX" -> Reason.BODY_TOO_COMPLEX;
			default -> null;
		};
		if (reason != null) {
			reject(reason);
		}
	}

	/**
	 * Returns how many requests were turned away for a reason.
	 * @param reason the reason
	 * @return the count since startup
	 */
	public long count(Reason reason) {
		return this.counts.get(reason).sum();
	}

	/**
	 * Why a request was turned away.
	 */
	public enum Reason {

		/** The Host is not allowed. */
		INVALID_HOST,

		/** CORS does not allow the origin, method or headers. */
		CORS,

		/** The body is larger than allowed. */
		BODY_TOO_LARGE,

		/** The JSON body is nested too deeply or too long. */
		BODY_TOO_COMPLEX,

		/** The container refused the request line or headers. */
		CONTAINER;

		/**
		 * Returns the tag value.
		 * @return the reason in lower snake case
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
