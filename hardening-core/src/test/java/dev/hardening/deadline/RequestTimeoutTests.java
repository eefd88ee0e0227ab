package dev.hardening.deadline;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestTimeoutTests {

	@Property(tries = 2000)
	void readsAnyWholeNumberOfMillisecondsWithOptionalSpacesAround(@ForAll @LongRange(max = 999_999_999_999L) long millis,
			@ForAll @StringLength(max = 3) String padding) {
		String spaces = padding.replaceAll("[^ \t]", " ");
		assertThat(RequestTimeout.parse(spaces + millis + spaces)).isEqualTo(Duration.ofMillis(millis));
	}

	@Property(tries = 5000)
	void anyOtherValueIsRefusedWithoutQuotingIt(@ForAll @StringLength(max = 20) String value) {
		Duration parsed;
		try {
			parsed = RequestTimeout.parse(value);
		}
		catch (IllegalArgumentException ex) {
			// one fixed sentence, whatever the value
			assertThat(ex.getMessage())
				.isEqualTo("A request timeout must be a whole number of milliseconds, 1 to 12 digits.");
			return;
		}
		assertThat(value.replaceAll("^[ \t]+|[ \t]+$", "")).matches("[0-9]{1,12}");
		assertThat(parsed).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "-1", "+5", "1.5", "5s", "1e3", "1 2", "5,5", "0x10", "1000000000000",
			"\u0661\u0662", "\u20035" })
	void refuses(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestTimeout.parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "500", "\t250 " })
	void accepts(String value) {
		assertThat(RequestTimeout.parse(value)).isNotNull();
	}

}
