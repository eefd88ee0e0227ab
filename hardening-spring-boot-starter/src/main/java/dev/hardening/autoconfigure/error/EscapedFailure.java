package dev.hardening.autoconfigure.error;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import dev.hardening.web.LogValues;
import org.jspecify.annotations.Nullable;

/**
 * A failure as the error log prints it. A text log (Boot's console pattern) prints a throwable's
 * message as it is, and an application's message may quote a client's input, line breaks
 * included, which would start a forged log line (CWE-117). Where a message anywhere in a
 * failure's chain (causes and suppressed) holds a control character, a line or paragraph
 * separator or an unpaired surrogate, the failure
 * is logged as a copy of that chain: each link an {@code EscapedFailure} whose message is the
 * original class name and its escaped message ({@code java.lang.IllegalArgumentException: bad
 * \r\nINFO ...}), with the original stack trace; so is a failure whose {@code getMessage()}
 * throws (its copy says the message could not be read). Any other failure is logged as it is. (An
 * exception class whose message changes between two readings could still pass a clean one to the
 * check: that takes the application's code, not a client's input.)
 */
final class EscapedFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private EscapedFailure(String message) {
		super(message);
	}

	/**
	 * The failure to log.
	 * @param failure the failure
	 * @return the failure itself, or its escaped copy
	 */
	static Throwable of(Throwable failure) {
		return needsEscaping(failure, Collections.newSetFromMap(new IdentityHashMap<>())) ? copy(failure,
				new IdentityHashMap<>()) : failure;
	}

	/** Marks a message whose {@code getMessage()} failed. */
	private static final String UNREADABLE = new String("unreadable");

	/** The message, or {@link #UNREADABLE} if asking for it throws. */
	private static @Nullable String messageOf(Throwable failure) {
		try {
			return failure.getMessage();
		}
		catch (RuntimeException ex) {
			return UNREADABLE;
		}
	}

	private static boolean needsEscaping(Throwable failure, Set<Throwable> seen) {
		if (!seen.add(failure)) {
			return false;
		}
		String message = messageOf(failure);
		if (message == UNREADABLE || (message != null && breaksLines(message))) {
			return true;
		}
		if (failure.getCause() != null && needsEscaping(failure.getCause(), seen)) {
			return true;
		}
		for (Throwable suppressed : failure.getSuppressed()) {
			if (needsEscaping(suppressed, seen)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a message holds a character that {@link LogValues} escapes, other than the
	 * backslash: a control character, a line or paragraph separator, an unpaired surrogate.
	 */
	private static boolean breaksLines(String message) {
		for (int i = 0; i < message.length(); i++) {
			char c = message.charAt(i);
			if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
				return true;
			}
			if (Character.isHighSurrogate(c) && i + 1 < message.length()
					&& Character.isLowSurrogate(message.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable copy(Throwable failure, Map<Throwable, Throwable> copies) {
		Throwable done = copies.get(failure);
		if (done != null) {
			return done;
		}
		String message = messageOf(failure);
		EscapedFailure copy = new EscapedFailure(failure.getClass().getName()
				+ ((message == UNREADABLE) ? ": (its message could not be read)"
						: (message != null) ? ": " + LogValues.safe(message, message.length()) : ""));
		copies.put(failure, copy);
		copy.setStackTrace(failure.getStackTrace());
		Throwable cause = failure.getCause();
		if (cause != null) {
			Throwable causeCopy = copy(cause, copies);
			if (causeCopy != copy) {
				// an overridden getCause() may answer the failure itself
				copy.initCause(causeCopy);
			}
		}
		for (Throwable suppressed : failure.getSuppressed()) {
			copy.addSuppressed(copy(suppressed, copies));
		}
		return copy;
	}

}
