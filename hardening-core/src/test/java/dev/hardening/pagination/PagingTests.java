package dev.hardening.pagination;

import java.util.List;

import dev.hardening.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PagingTests {

	private final Paging paging = Paging.defaults();

	@Test
	void absentParametersMeanTheFirstPageOfTheDefaultSize() {
		OffsetPageRequest request = this.paging.offsetRequest(List.of(), List.of());

		assertThat(request).isEqualTo(new OffsetPageRequest(1, 20, 1));
		assertThat(request.offset()).isZero();
		assertThat(request.fetchSize()).isEqualTo(21);
	}

	@Test
	void readsPageAndSize() {
		OffsetPageRequest request = this.paging.offsetRequest(List.of("3"), List.of(" 50 "));

		assertThat(request.page()).isEqualTo(3);
		assertThat(request.size()).isEqualTo(50);
		assertThat(request.offset()).isEqualTo(100);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "abc", "", " ", "1.5", "1e3", "-", "99999999999", "０" })
	void refusesAPageThatIsNotANumberFromOne(String page) {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.paging.offsetRequest(List.of(page), List.of()))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE");
				assertThat(ex.detail()).startsWith("Parameter 'page' ").doesNotContain(page.isBlank() ? "\u0000" : page);
			});
	}

	@Test
	void refusesARepeatedParameter() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.paging.offsetRequest(List.of("1", "2"), List.of()))
			.satisfies((ex) -> assertThat(ex.detail()).isEqualTo("Parameter 'page' is given more than once."));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.paging.offsetRequest(List.of(), List.of("10", "10")))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
	}

	@Test
	void refusesASizeAboveTheMaximumWithItsOwnCode() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.paging.offsetRequest(List.of(), List.of("100000")))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("PAGE_SIZE_TOO_LARGE");
				assertThat(ex.extensions()).containsEntry("maxSize", 100);
			});
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.paging.offsetRequest(List.of(), List.of("0")))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
	}

	@Test
	void clampsOutOfRangeValuesOnlyWhenToldTo() {
		Paging clamping = Paging.builder().clamp(true).build();

		assertThat(clamping.offsetRequest(List.of("0"), List.of("100000"))).isEqualTo(new OffsetPageRequest(1, 100, 1));
		assertThat(clamping.size(List.of("-5"))).isEqualTo(1);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> clamping.offsetRequest(List.of("abc"), List.of()));
	}

	@Test
	void aNumberBeyondTheIntRangeIsOutOfRangeOnItsSideButAPageCannotBeClampedDown() {
		Paging clamping = Paging.builder().clamp(true).build();

		assertThat(clamping.size(List.of("-99999999999"))).isEqualTo(1);
		assertThat(clamping.offsetRequest(List.of("-99999999999"), List.of())).isEqualTo(new OffsetPageRequest(1, 20, 1));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> clamping.offsetRequest(List.of("2147483648"), List.of()))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> clamping.offsetRequest(List.of("99999999999"), List.of()))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> clamping.size(List.of("00000000005")))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PAGE"));
	}

	@Test
	void countsFromZeroWhenConfigured() {
		Paging zeroBased = Paging.builder().zeroBased(true).build();

		OffsetPageRequest first = zeroBased.offsetRequest(List.of(), List.of());
		OffsetPageRequest third = zeroBased.offsetRequest(List.of("2"), List.of("10"));

		assertThat(first.page()).isZero();
		assertThat(third.offset()).isEqualTo(20);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> zeroBased.offsetRequest(List.of("-1"), List.of()));
	}

	@Test
	void buildsCountedAndUncountedPages() {
		OffsetPageRequest second = new OffsetPageRequest(2, 10, 1);

		OffsetPage<Integer> counted = OffsetPage.of(List.of(11, 12), second, 25);
		OffsetPage<Integer> fetched = OffsetPage.ofFetched(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21), second);
		OffsetPage<Integer> last = OffsetPage.ofFetched(List.of(21, 22), new OffsetPageRequest(3, 10, 1));

		assertThat(counted.totalPages()).isEqualTo(3);
		assertThat(counted.hasNext()).isTrue();
		assertThat(counted.hasPrevious()).isTrue();
		assertThat(fetched.items()).hasSize(10).last().isEqualTo(20);
		assertThat(fetched.hasNext()).isTrue();
		assertThat(fetched.total()).isNull();
		assertThat(last.hasNext()).isFalse();
		assertThat(OffsetPage.of(List.of(), new OffsetPageRequest(1, 10, 1), 0).hasNext()).isFalse();
	}

}
