package dev.hardening.autoconfigure;

import java.util.function.Consumer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Where the starter's capabilities meet Spring MVC: registering an interceptor, and reading the
 * handler methods at startup (to check their annotations). Only for configurations that are
 * conditional on Spring MVC.
 */
public final class WebMvcHooks {

	private WebMvcHooks() {
	}

	/**
	 * Returns a configurer that adds an interceptor to every handler.
	 * @param interceptor the interceptor
	 * @return the configurer, to be declared as a bean
	 */
	public static WebMvcConfigurer interceptor(HandlerInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor);
			}

		};
	}

	/**
	 * Visits every handler method of every {@link RequestMappingHandlerMapping} in the context.
	 * @param beans the context's beans
	 * @param action what to do with each
	 */
	public static void forEachHandlerMethod(ListableBeanFactory beans, Consumer<HandlerMethod> action) {
		for (RequestMappingHandlerMapping mapping : beans.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
			mapping.getHandlerMethods().values().forEach(action);
		}
	}

}
