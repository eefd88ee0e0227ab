package dev.hardening.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * HTTP-dates (RFC 9110 §5.6.7), read in the three forms a recipient must accept: IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 */
public final class HttpDates {

	/**
	 * IMF-fixdate exactly: a two-digit day, a four-digit year and {@code GMT}, where Java's
	 * RFC 1123 reader also takes one-digit days, no day name and numeric offsets.
	 */
	private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder().appendPattern("EEE, dd MMM ")
		.appendValue(ChronoField.YEAR, 4)
		.appendPattern(" HH:mm:ss 'GMT'")
		.toFormatter(Locale.ENGLISH);

	/** Two-digit years are read as 1970 to 2069. */
	private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
		.appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
		.appendPattern(" HH:mm:ss 'GMT'")
		.toFormatter(Locale.ENGLISH);

	private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().appendPattern("EEE MMM ppd HH:mm:ss ")
		.appendValue(ChronoField.YEAR, 4)
		.toFormatter(Locale.ENGLISH);

	private HttpDates() {
	}

	/**
	 * Reads an HTTP-date.
	 * @param text the field value
	 * @return the instant, or {@code null} if the text is not an HTTP-date
	 */
	public static @Nullable Instant parse(String text) {
		String value = text.strip();
		try {
			return LocalDateTime.parse(value, IMF_FIXDATE).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			// try the obsolete forms
		}
		try {
			return LocalDateTime.parse(value, RFC_850).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			// try asctime
		}
		try {
			return LocalDateTime.parse(value, ASCTIME).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
