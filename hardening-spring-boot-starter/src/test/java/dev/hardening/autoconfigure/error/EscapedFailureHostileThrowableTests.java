package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.hardening.autoconfigure.RootLogEvents;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Hostile but ordinary throwables logged through {@link FailureLog}: nothing may throw from
 * logging, and no message of the logged event's throwable chain may hold CR/LF. These hold today.
 */
class EscapedFailureHostileThrowableTests {

	@RegisterExtension
	final RootLogEvents events = new RootLogEvents();

	static final MockHttpServletRequest REQUEST = new MockHttpServletRequest("GET", "/things");

	@Test
	void aNullMessageOverALineBreakingCauseIsCopiedWithoutAColon() {
		Throwable logged = EscapedFailure.of(new IllegalStateException(null, new IOException("a\r\nb")));

		assertThat(logged).hasMessage("java.lang.IllegalStateException");
		assertThat(logged.getCause()).hasMessage("java.io.IOException: a\\r\\nb");
	}

	@Test
	void aOneMegabyteMessageFullOfLineBreaksIsEscapedWhole() {
		String huge = "x\r\n".repeat(350_000);

		assertThatNoException().isThrownBy(() -> FailureLog.unexpected(REQUEST, new IllegalStateException(huge)));

		assertNoLineBreakInThrowables();
		assertThat(throwableMessages().get(0)).hasSizeGreaterThan(huge.length());
	}

	@Test
	void aFailureWithoutStackTraceOrSuppressionIsEscaped() {
		RuntimeException bare = new RuntimeException("a\nINFO forged", null, false, false) {
		};

		assertThatNoException().isThrownBy(() -> FailureLog.unexpected(REQUEST, bare));

		assertNoLineBreakInThrowables();
		assertThat(events.events()).anySatisfy((e) -> assertThat(e.getThrowableProxy()).isNotNull());
	}

	@Test
	void aCauseLoopOfTwoLinksIsLoggedOnceWithoutOverflow() {
		IllegalStateException a = new IllegalStateException("a\nforged");
		IllegalArgumentException b = new IllegalArgumentException("b");
		a.initCause(b);
		b.initCause(a);

		assertThatNoException().isThrownBy(() -> FailureLog.unexpected(REQUEST, a));

		assertNoLineBreakInThrowables();
	}

	@Test
	void aReportedServiceUnavailableWithALineBreakingCauseLogsTheCauseEscaped() {
		ApiException unavailable = new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "down", java.util.Map.of(),
				new IOException("upstream said\r\nERROR forged"));

		assertThatNoException().isThrownBy(() -> FailureLog.reported(REQUEST, 503, unavailable));

		assertNoLineBreakInThrowables();
		assertThat(throwableMessages()).contains("java.io.IOException: upstream said\\r\\nERROR forged");
	}

	@Test
	void aMessageThatIsLineBreakingOnlyTheFirstTimeIsStillEscaped() {
		AtomicInteger calls = new AtomicInteger();
		RuntimeException flipping = new RuntimeException() {
			@Override
			public String getMessage() {
				return (calls.getAndIncrement() == 0) ? "a\r\nforged" : "clean";
			}
		};

		assertThatNoException().isThrownBy(() -> FailureLog.unexpected(REQUEST, flipping));

		assertNoLineBreakInThrowables();
	}

	void assertNoLineBreakInThrowables() {
		assertThat(throwableMessages()).allSatisfy((m) -> assertThat(m).doesNotContain("\r", "\n"));
	}

	List<String> throwableMessages() {
		List<String> messages = new ArrayList<>();
		for (ILoggingEvent event : this.events.events()) {
			collect(event.getThrowableProxy(), messages, 0);
		}
		return messages;
	}

	static void collect(IThrowableProxy proxy, List<String> messages, int depth) {
		if (proxy == null || depth > 20) {
			return;
		}
		if (proxy.getMessage() != null) {
			messages.add(proxy.getMessage());
		}
		collect(proxy.getCause(), messages, depth + 1);
		for (IThrowableProxy suppressed : proxy.getSuppressed()) {
			collect(suppressed, messages, depth + 1);
		}
	}

}
