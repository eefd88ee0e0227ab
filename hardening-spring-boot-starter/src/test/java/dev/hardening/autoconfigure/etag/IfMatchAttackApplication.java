package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hardening.etag.ETag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.HiddenHttpMethodFilter;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * The target of the If-Match requirement attacks: {@code /projects/*}, {@code /files/**} and
 * {@code /actuator/**} require {@code If-Match} on writes (see the tests' properties). The
 * application lets a {@code POST} name its method in a parameter of its own choosing
 * ({@code verb}, its own {@code HiddenHttpMethodFilter}), strips a trailing slash with Spring's
 * {@code UrlHandlerFilter}, keeps a legacy alias that forwards to the projects, a page that
 * includes one, a plain servlet for files, and a cache the actuator can clear. Every write is
 * recorded in {@link #WRITES}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import({ IfMatchAttackApplication.Api.class, IfMatchAttackApplication.Legacy.class })
class IfMatchAttackApplication {

	/** Every write that reached a handler, as {@code METHOD path}. */
	static final List<String> WRITES = new CopyOnWriteArrayList<>();

	@Bean
	HiddenHttpMethodFilter ownHiddenHttpMethodFilter() {
		HiddenHttpMethodFilter filter = new HiddenHttpMethodFilter();
		filter.setMethodParam("verb");
		return filter;
	}

	@Bean
	UrlHandlerFilter trailingSlashFilter() {
		return UrlHandlerFilter.trailingSlashHandler("/projects/**").wrapRequest().build();
	}

	@Bean
	CacheManager cacheManager() {
		ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("projects");
		manager.getCache("projects").put("1", "project one");
		return manager;
	}

	@Bean
	ServletRegistrationBean<HttpServlet> filesServlet() {
		return new ServletRegistrationBean<>(new HttpServlet() {

			@Override
			protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
				WRITES.add("PUT " + request.getRequestURI());
				response.getWriter().write("written file");
			}

			@Override
			protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
				WRITES.add("DELETE " + request.getRequestURI());
				response.getWriter().write("written file");
			}

		}, "/files/*");
	}

	@RestController
	static class Api {

		@RequestMapping(path = "/projects/{id}", method = { RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
		ResponseEntity<String> write(@PathVariable long id, ConditionalRequest conditional, HttpServletRequest request) {
			conditional.check(ETag.ofVersion(7));
			WRITES.add(request.getMethod() + " /projects/" + id);
			return ResponseEntity.ok("written " + request.getMethod() + " " + id);
		}

		/** A handler for every method, as some applications map them. */
		@RequestMapping(path = "/projects/any-{id}")
		String any(@PathVariable long id, HttpServletRequest request) {
			WRITES.add(request.getMethod() + " /projects/any-" + id);
			return "written " + request.getMethod() + " any-" + id;
		}

		@RequestMapping(path = "/projects/async-{id}", method = RequestMethod.PUT)
		Callable<String> async(@PathVariable long id, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(7));
			return () -> {
				WRITES.add("PUT /projects/async-" + id);
				return "written async " + id;
			};
		}

	}

	@Controller
	static class Legacy {

		/** The old address of a project, kept working by forwarding to the new one. */
		@RequestMapping(path = "/legacy/projects/{id}",
				method = { RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
		String forward(@PathVariable long id) {
			return "forward:/projects/" + id;
		}

		/** A page that includes the answer of a project's handler. */
		@RequestMapping(path = "/page/projects/{id}", method = { RequestMethod.PUT, RequestMethod.DELETE })
		@ResponseBody
		void include(@PathVariable long id, HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			request.getRequestDispatcher("/projects/" + id).include(request, response);
		}

	}

}
