package dev.hardening.pagination;

import java.math.BigInteger;
import java.util.List;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whatever a client sends as page and size, the answer is a request in range or a {@code 400}
 * problem, and a number in range is read as that number.
 */
class PagingPropertiesTests {

	private static final Paging STRICT = Paging.builder().maxSize(100).build();

	private static final Paging CLAMPING = Paging.builder().maxSize(100).clamp(true).build();

	@Property(tries = 3000)
	void anyPageAndSizeIsARequestInRangeOrAProblem(@ForAll("values") String page, @ForAll("values") String size,
			@ForAll boolean clamp) {
		Paging paging = clamp ? CLAMPING : STRICT;
		OffsetPageRequest request;
		try {
			request = paging.offsetRequest(List.of(page), List.of(size));
		}
		catch (ApiException ex) {
			assertThat(ex.errorCode().code()).isIn("INVALID_PAGE", "PAGE_SIZE_TOO_LARGE");
			return;
		}
		assertThat(request.page()).isGreaterThanOrEqualTo(1);
		assertThat(request.size()).isBetween(1, 100);
		BigInteger number = number(page);
		if (number != null && number.signum() > 0 && number.bitLength() < 32) {
			assertThat(request.page()).isEqualTo(number.intValueExact());
		}
		else if (number != null) {
			// zero or below: only clamping lets it through, to the first page
			assertThat(number.signum()).isLessThanOrEqualTo(0);
			assertThat(clamp).isTrue();
			assertThat(request.page()).isEqualTo(1);
		}
	}

	@Example
	void aNegativeNumberThatWrapsToAValidIntIsRefused() {
		// -4294967295 is 1 once cut to 32 bits
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> STRICT.offsetRequest(List.of("-4294967295"), List.of("-4294967276")))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
	}

	@Provide
	Arbitrary<String> values() {
		return Arbitraries.oneOf(Arbitraries.strings(), Arbitraries.strings().withChars("-+0123456789 ").ofMaxLength(14),
				Arbitraries.longs().map(String::valueOf), Arbitraries.integers().map(String::valueOf),
				Arbitraries.longs().between(-(1L << 33), -(1L << 31)).map(String::valueOf));
	}

	private static BigInteger number(String value) {
		String stripped = value.strip();
		return stripped.matches("-?[0-9]+") ? new BigInteger(stripped) : null;
	}

}
