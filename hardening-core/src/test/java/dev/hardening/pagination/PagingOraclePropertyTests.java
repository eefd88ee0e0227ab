package dev.hardening.pagination;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/pagination.md against an independent oracle, over strings of digits, signs, ASCII and
 * Unicode spaces, Unicode digits and leading zeros: a size or page is read as the whole number it
 * writes (spaces around allowed, leading zeros up to 10 digits, no '+'), compared as a BigInteger;
 * anything else is INVALID_PAGE; nothing is ever another exception.
 */
class PagingOraclePropertyTests {

	private static final Pattern WHOLE = Pattern.compile("(-?)([0-9]+)");

	private static final Paging STRICT = Paging.builder().maxSize(100).build();

	private static final Paging CLAMPING = Paging.builder().maxSize(100).clamp(true).build();

	@Provide
	Arbitrary<String> numbery() {
		Arbitrary<String> noise = Arbitraries.strings()
			.withChars("0123456789-+ \t\u00a0\u2003\u0663\uff15.eE_,x")
			.ofMinLength(0)
			.ofMaxLength(14);
		Arbitrary<String> numbers = Arbitraries.bigIntegers()
			.between(BigInteger.TEN.pow(14).negate(), BigInteger.TEN.pow(14))
			.map(BigInteger::toString);
		Arbitrary<String> padded = Arbitraries.strings().withChars('0').ofMaxLength(12)
			.flatMap((zeros) -> Arbitraries.integers().between(0, 500).map((n) -> zeros + n));
		return Arbitraries.oneOf(noise, numbers, padded,
				numbers.map((n) -> " " + n + "\t"), numbers.map((n) -> "+" + n));
	}

	/** The value as documented, or null when it is not a whole number. */
	private static BigInteger oracle(String raw) {
		String value = raw.strip();
		Matcher matcher = WHOLE.matcher(value);
		if (!matcher.matches()) {
			return null;
		}
		String digits = matcher.group(2);
		if (digits.length() > 10 && digits.charAt(0) == '0') {
			return null; // documented: leading zeros past 10 digits are not a whole number
		}
		return new BigInteger(value);
	}

	@Property(tries = 3000)
	void sizeIsTheNumberItWritesOrAStableProblem(@ForAll("numbery") String size) {
		BigInteger expected = oracle(size);
		String strict = outcome(() -> STRICT.size(List.of(size)));
		String clamped = outcome(() -> CLAMPING.size(List.of(size)));
		if (expected == null) {
			assertThat(strict).as("size=[%s]", size).isEqualTo("INVALID_PAGE");
			assertThat(clamped).as("clamped size=[%s]", size).isEqualTo("INVALID_PAGE");
		}
		else if (expected.signum() < 1) {
			assertThat(strict).as("size=[%s]", size).isEqualTo("INVALID_PAGE");
			assertThat(clamped).as("clamped size=[%s]", size).isEqualTo("1");
		}
		else if (expected.compareTo(BigInteger.valueOf(100)) > 0) {
			assertThat(strict).as("size=[%s]", size).isEqualTo("PAGE_SIZE_TOO_LARGE");
			assertThat(clamped).as("clamped size=[%s]", size).isEqualTo("100");
		}
		else {
			assertThat(strict).as("size=[%s]", size).isEqualTo(expected.toString());
			assertThat(clamped).as("clamped size=[%s]", size).isEqualTo(expected.toString());
		}
	}

	@Property(tries = 3000)
	void pageIsTheNumberItWritesOrAStableProblem(@ForAll("numbery") String page) {
		BigInteger expected = oracle(page);
		String strict = outcome(() -> STRICT.offsetRequest(List.of(page), List.of()).page());
		String clamped = outcome(() -> CLAMPING.offsetRequest(List.of(page), List.of()).page());
		if (expected == null || expected.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
			assertThat(strict).as("page=[%s]", page).isEqualTo("INVALID_PAGE");
			assertThat(clamped).as("clamped page=[%s]", page).isEqualTo("INVALID_PAGE");
		}
		else if (expected.signum() < 1) {
			assertThat(strict).as("page=[%s]", page).isEqualTo("INVALID_PAGE");
			assertThat(clamped).as("clamped page=[%s]", page).isEqualTo("1");
		}
		else {
			assertThat(strict).as("page=[%s]", page).isEqualTo(expected.toString());
			assertThat(clamped).as("clamped page=[%s]", page).isEqualTo(expected.toString());
		}
	}

	private static String outcome(java.util.function.IntSupplier read) {
		try {
			return Integer.toString(read.getAsInt());
		}
		catch (ApiException ex) {
			return ex.errorCode().code();
		}
	}

}
