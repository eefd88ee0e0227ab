package dev.hardening.autoconfigure.web;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the asynchronous-request tests that share one context: the same class and
 * the same properties in each ({@link #PROPERTY_SLOW}, {@link #PROPERTY_TIMEOUT}), so Spring's
 * test context cache starts one Tomcat for all of them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AsyncController.class)
class AsyncApplication {

	/** No line is slow, so each is INFO whatever the machine's speed. */
	static final String PROPERTY_SLOW = "hardening.web.access-log.slow-threshold=1h";

	/** The timeout of Spring MVC's asynchronous requests that set none. */
	static final String PROPERTY_TIMEOUT = "spring.mvc.async.request-timeout=30s";

}
