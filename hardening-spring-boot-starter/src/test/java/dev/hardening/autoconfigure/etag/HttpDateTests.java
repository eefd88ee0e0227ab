package dev.hardening.autoconfigure.etag;

import java.util.List;

import dev.hardening.etag.Preconditions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. docs/conditional-requests.md: "Dates that are not HTTP-dates are ignored, as the RFC
 * requires" (RFC 9110 §13.1.3, §13.1.4). {@code Preconditions.parseDate} reads the field with
 * {@code DateTimeFormatter.RFC_1123_DATE_TIME}, which also takes numeric offsets, a one-digit day
 * and no day name, none of which an HTTP-date allows (IMF-fixdate is
 * {@code day-name, DD Mon YYYY HH:MM:SS GMT}, RFC 9110 §5.6.7). So
 * {@code If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 +0900} is honoured, nine hours off what
 * the client may have meant, where it should be ignored. Each value below should parse to
 * {@code null}.
 * Now only the three forms of RFC 9110 §5.6.7 are read (HttpDates).
 */
class HttpDateTests {

	@ParameterizedTest
	@ValueSource(strings = { "Sun, 06 Nov 1994 08:49:37 +0900", "Sun, 06 Nov 1994 08:49:37 -0000",
			"Sun, 6 Nov 1994 08:49:37 GMT", "06 Nov 1994 08:49:37 GMT" })
	void aDateThatIsNoHttpDateIsIgnored(String value) {
		assertThat(Preconditions.parseDate(List.of(value))).as(value).isNull();
	}

}
