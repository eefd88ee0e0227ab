package dev.hardening.autoconfigure.error;

import java.io.IOException;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

class EscapedFailureTests {

	@Property(tries = 2000)
	void noMessageInTheLoggedChainCanBreakALine(@ForAll String message, @ForAll String causeMessage,
			@ForAll String suppressedMessage) {
		IllegalStateException failure = new IllegalStateException(message, new IOException(causeMessage));
		failure.addSuppressed(new IllegalArgumentException(suppressedMessage));

		Throwable logged = EscapedFailure.of(failure);

		for (Throwable link : new Throwable[] { logged, logged.getCause(), logged.getSuppressed()[0] }) {
			assertThat(link.getMessage()).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "\u001b");
			assertThat(link.getMessage().codePoints().noneMatch((c) -> c >= 0xD800 && c <= 0xDFFF)).isTrue();
		}
		assertThat(logged.getStackTrace()).isEqualTo(failure.getStackTrace());
		assertThat(logged.getCause().getStackTrace()).isEqualTo(failure.getCause().getStackTrace());
	}

	@Example
	void aFailureWhoseMessagesCannotBreakALineIsLoggedAsItIs() {
		IllegalStateException failure = new IllegalStateException("C:\\data \"quoted\" é 😀",
				new IOException("plain"));

		assertThat(EscapedFailure.of(failure)).isSameAs(failure);
	}

	@Example
	void aLineBreakAnywhereInTheChainEscapesEveryLinkAndKeepsTheOriginalClassNames() {
		IllegalStateException failure = new IllegalStateException("outer",
				new NumberFormatException("For input string: \"1\r\nINFO forged\""));

		Throwable logged = EscapedFailure.of(failure);

		assertThat(logged).isInstanceOf(EscapedFailure.class).hasMessage("java.lang.IllegalStateException: outer");
		assertThat(logged.getCause())
			.hasMessage("java.lang.NumberFormatException: For input string: \"1\\r\\nINFO forged\"");
	}

	@Example
	void aFailureWhoseMessageCannotBeReadIsLoggedAsACopySayingSo() {
		IllegalStateException failure = new IllegalStateException("outer\n", new IllegalStateException() {

			@Override
			public String getMessage() {
				throw new UnsupportedOperationException("no message");
			}

		});

		Throwable logged = EscapedFailure.of(failure);

		assertThat(logged).isInstanceOf(EscapedFailure.class);
		assertThat(logged.getCause().getMessage()).endsWith(": (its message could not be read)");
	}

	@Example
	void aFailureThatIsItsOwnCauseIsCopiedOnce() {
		IllegalStateException failure = new IllegalStateException("a\nb") {

			@Override
			public synchronized Throwable getCause() {
				return this;
			}

		};

		Throwable logged = EscapedFailure.of(failure);

		assertThat(logged.getMessage()).doesNotContain("\n");
		assertThat(logged.getCause()).isNull();
	}

	@Example
	void aChainThatLoopsIsCopiedOnce() {
		IllegalStateException failure = new IllegalStateException("a\nb");
		IllegalArgumentException other = new IllegalArgumentException("c", failure);
		failure.addSuppressed(other);

		Throwable logged = EscapedFailure.of(failure);

		assertThat(logged.getSuppressed()[0].getCause()).isSameAs(logged);
	}

}
