package dev.hardening.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plain service {@code LoadRun} drives: Spring MVC and nothing of hardening's in its code, so
 * the same classes run with and without the starter on the classpath. Two paths, the two the cost
 * issue measured: {@code GET /small/{id}}, a small map answered from the application's own cache,
 * and {@code GET /list}, a list of about 40 KB of JSON rendered on each request. And
 * {@code GET /load/stats}, for {@code LoadRun} only: three numbers, the bytes allocated so far by
 * all the application's threads and the CPU nanoseconds they used (from
 * {@code com.sun.management.ThreadMXBean}: Java threads only, so neither the JIT compiler's threads
 * nor the garbage collector's), and the milliseconds the JIT has spent compiling.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class LoadApp {

	/**
	 * The response headers the starter's defaults add to {@code GET /small/1} (values of the same
	 * length), for {@code load.extra-headers=true}: what Tomcat charges for writing them, with no
	 * hardening code at all.
	 */
	static final String[][] STARTER_HEADERS = { { "X-Request-ID", "01a23870-5e5f-7fa8-899b-f9c800d7203c" },
			{ "Vary", "Origin" }, { "Vary", "Access-Control-Request-Method" },
			{ "Vary", "Access-Control-Request-Headers" }, { "Access-Control-Allow-Origin", "http://localhost:3000" },
			{ "Access-Control-Expose-Headers",
					"X-Request-ID, RateLimit, RateLimit-Policy, Retry-After, ETag, Link, Location, X-Total-Count" },
			{ "RateLimit-Policy", "\"per-ip\";q=1000000000;w=3600" }, { "RateLimit", "\"per-ip\";r=999999999;t=1" },
			{ "ETag", "W/\"ZfdF0J6z9XgARA\"" }, { "X-Content-Type-Options", "nosniff" },
			{ "Cross-Origin-Opener-Policy", "same-origin" },
			{ "Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
					+ "microphone=(), payment=(), usb=(), interest-cohort=()" },
			{ "X-Permitted-Cross-Domain-Policies", "none" }, { "Referrer-Policy", "no-referrer" },
			{ "Cross-Origin-Resource-Policy", "same-origin" }, { "X-Frame-Options", "DENY" },
			{ "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'" } };

	public static void main(String[] args) {
		if (List.of(args).contains(StartupStepsPrinter.ARGUMENT)) {
			StartupStepsPrinter.run(LoadApp.class, args);
			return;
		}
		SpringApplication.run(LoadApp.class, args);
	}

	/**
	 * An item of the list.
	 *
	 * @param id the ID
	 * @param name the name
	 * @param owner the owner
	 * @param description the description
	 * @param tags the tags
	 */
	public record Item(long id, String name, String owner, String description, List<String> tags) {
	}

	@Bean
	@ConditionalOnProperty("load.extra-headers")
	FilterRegistrationBean<Filter> extraHeaders() {
		Filter filter = (request, response, chain) -> {
			HttpServletResponse http = (HttpServletResponse) response;
			for (String[] header : STARTER_HEADERS) {
				http.addHeader(header[0], header[1]);
			}
			chain.doFilter(request, response);
		};
		return new FilterRegistrationBean<>(filter);
	}

	/**
	 * {@code load.noop-filters=N}: N servlet filters that only pass the request on, registered
	 * where the starter registers its own (after Boot's character encoding filter, before its
	 * form content filter): what the container charges for running a request through that many
	 * filters, with no hardening code at all.
	 */
	@Bean
	@ConditionalOnProperty("load.noop-filters")
	NoopFilters noopFilters(Environment environment) {
		return new NoopFilters(environment.getRequiredProperty("load.noop-filters", Integer.class));
	}

	/** Registers the filters in its place in the order of Boot's registrations. */
	record NoopFilters(int count) implements ServletContextInitializer, Ordered {

		@Override
		public void onStartup(ServletContext servletContext) {
			for (int i = 0; i < this.count; i++) {
				Filter filter = (request, response, chain) -> chain.doFilter(request, response);
				servletContext.addFilter("noop" + i, filter)
					.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
			}
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE + 9;
		}

	}

	@RestController
	static class Endpoints {

		private final ConcurrentMap<Long, Map<String, Object>> cache = new ConcurrentHashMap<>();

		private final List<Item> list = new ArrayList<>();

		private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		Endpoints() {
			// about 190 bytes of JSON each: 215 items make some 40 KB
			for (long id = 1; id <= 215; id++) {
				this.list.add(new Item(id, "Project " + id, "owner" + id + "@example.com",
						"A project of the load run, with a description of a realistic length " + id,
						List.of("load", "run", "tag" + (id % 7))));
			}
		}

		@GetMapping("/small/{id}")
		Map<String, Object> small(@PathVariable long id) {
			return this.cache.computeIfAbsent(id, (key) -> Map.of("id", key, "name", "Apollo", "owner",
					"lead@example.com", "archived", false));
		}

		@GetMapping("/list")
		List<Item> list() {
			return this.list;
		}

		@GetMapping("/load/stats")
		String stats() {
			long[] ids = this.threads.getAllThreadIds();
			long[] allocated = this.threads.getThreadAllocatedBytes(ids);
			long bytes = 0;
			long cpu = 0;
			for (int i = 0; i < ids.length; i++) {
				bytes += Math.max(0, allocated[i]);
				cpu += Math.max(0, this.threads.getThreadCpuTime(ids[i]));
			}
			return bytes + " " + cpu + " " + ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
		}

	}

}
