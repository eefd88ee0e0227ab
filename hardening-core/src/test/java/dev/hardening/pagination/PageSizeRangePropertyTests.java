package dev.hardening.pagination;

import java.math.BigInteger;
import java.util.List;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * docs/pagination.md: a size above max-size is {@code PAGE_SIZE_TOO_LARGE} (with {@code maxSize},
 * so a client can retry within it), {@code clamp: true} brings out-of-range values into range
 * instead, and "a number is read as that number". A size of 2147483648 or more, or of 11 digits
 * or more, is a whole number above the maximum like 101 is, and must be answered like it.
 */
class PageSizeRangePropertyTests {

	private static final Paging STRICT = Paging.builder().maxSize(100).build();

	private static final Paging CLAMPING = Paging.builder().maxSize(100).clamp(true).build();

	@Property(tries = 1000)
	void anyWholeNumberAboveTheMaximumIsPageSizeTooLarge(@ForAll("aboveMaximum") String size) {
		assertThatExceptionOfType(ApiException.class).as("size=%s", size)
			.isThrownBy(() -> STRICT.size(List.of(size)))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).as("code for size=%s", size).isEqualTo("PAGE_SIZE_TOO_LARGE");
				assertThat(ex.extensions()).containsEntry("maxSize", 100);
			});
	}

	@Property(tries = 1000)
	void clampingBringsAnyWholeNumberAboveTheMaximumDownToIt(@ForAll("aboveMaximum") String size) {
		int clamped;
		try {
			clamped = CLAMPING.size(List.of(size));
		}
		catch (ApiException ex) {
			throw new AssertionError("clamping refused size=" + size + ": " + ex.errorCode().code() + " " + ex.detail());
		}
		assertThat(clamped).isEqualTo(100);
	}

	@Provide
	Arbitrary<String> aboveMaximum() {
		return Arbitraries.oneOf(Arbitraries.integers().between(101, Integer.MAX_VALUE).map(String::valueOf),
				Arbitraries.longs().between(1L + Integer.MAX_VALUE, Long.MAX_VALUE).map(String::valueOf),
				Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE), BigInteger.TEN.pow(40))
					.map(BigInteger::toString));
	}

}
