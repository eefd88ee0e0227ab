package dev.hardening.autoconfigure.pagination;

import java.util.List;

import dev.hardening.pagination.CursorCodec;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import dev.hardening.pagination.Paging;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.MappedInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

class PaginationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PaginationAutoConfiguration.class));

	@Test
	void pagingFollowsTheProperties() {
		this.runner.withPropertyValues("hardening.pagination.max-size=500", "hardening.pagination.default-size=50",
				"hardening.pagination.zero-based=true")
			.run((context) -> {
				Paging paging = context.getBean(Paging.class);
				assertThat(paging.maxSize()).isEqualTo(500);
				assertThat(paging.firstPage()).isZero();
				assertThat(paging.offsetRequest(List.of(), List.of())).isEqualTo(new OffsetPageRequest(0, 50, 0));
			});
	}

	@Test
	void registersTheFieldSelectionInterceptorOnlyWithPathsToSelectOn() {
		this.runner.run((context) -> assertThat(interceptors(context)).isEmpty());
		this.runner.withPropertyValues("hardening.pagination.fields.paths=/projects/**")
			.run((context) -> assertThat(interceptors(context)).singleElement()
				.isInstanceOf(FieldSelectionInterceptor.class));
	}

	private static List<Object> interceptors(ApplicationContext context) {
		InterceptorList registry = new InterceptorList();
		context.getBeansOfType(WebMvcConfigurer.class)
			.values()
			.forEach((configurer) -> configurer.addInterceptors(registry));
		return registry.interceptors();
	}

	/** The registry's interceptors, which it hands only to its subclasses. */
	private static final class InterceptorList extends InterceptorRegistry {

		List<Object> interceptors() {
			return getInterceptors().stream()
				.map((interceptor) -> (interceptor instanceof MappedInterceptor mapped)
						? mapped.getInterceptor() : interceptor)
				.toList();
		}

	}

	@Test
	void signsCursorsWithARandomKeyWithoutASecret() {
		// the hardening report names it: HR-CURSOR-SECRET
		this.runner.run((context) -> assertThat(context).hasSingleBean(CursorCodec.class));
	}

	@Test
	void badSettingsFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("hardening.pagination.cursor-secret=too short")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.pagination.cursor-secret")
				.hasMessageContaining("at least 32 characters")
				.hasMessageNotContaining("too short"));
		this.runner.withPropertyValues("hardening.pagination.max-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.pagination.max-size"));
		this.runner.withPropertyValues("hardening.pagination.default-size=200")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.pagination.default-size")
				.hasMessageContaining("must not exceed maxSize 100"));
		this.runner.withPropertyValues("hardening.pagination.cursor-ttl=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.pagination.cursor-ttl"));
		this.runner.withPropertyValues("hardening.pagination.max-link-header-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.pagination.max-link-header-size"));
	}

	@Test
	void canBeTurnedOff() {
		this.runner.withPropertyValues("hardening.pagination.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Paging.class).doesNotHaveBean(PageResponseAdvice.class));
	}

	@Test
	void bridgesToSpringData() {
		OffsetPageRequest request = new OffsetPageRequest(3, 10, 1);

		Pageable pageable = SpringDataPages.pageable(request, Sort.by("name"));
		OffsetPage<String> counted = SpringDataPages.page(new PageImpl<>(List.of("a", "b"), pageable, 42), request);
		OffsetPage<String> sliced = SpringDataPages.page(new SliceImpl<>(List.of("a"), pageable, true), request);

		assertThat(pageable.getPageNumber()).isEqualTo(2);
		assertThat(pageable.getPageSize()).isEqualTo(10);
		assertThat(pageable.getSort()).isEqualTo(Sort.by("name"));
		assertThat(counted.total()).isEqualTo(42);
		assertThat(counted.totalPages()).isEqualTo(5);
		assertThat(counted.page()).isEqualTo(3);
		assertThat(sliced.total()).isNull();
		assertThat(sliced.hasNext()).isTrue();
		assertThat(sliced.hasPrevious()).isTrue();
	}

}
