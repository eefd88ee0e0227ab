package dev.hardening.autoconfigure.error;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.ExceptionHandlerMappingInfo;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Which {@code @ExceptionHandler} Spring MVC will pick for an exception, as its
 * {@code ExceptionHandlerExceptionResolver} picks: the controller's own handlers first, then the
 * {@code @ControllerAdvice} beans in their order, the first that applies to the controller and
 * takes the exception (or one of its causes) for a media type the client accepts, its closest
 * method. The advice beans, their declared types and the controllers' own handlers are read once,
 * at startup; per exception, only the lookups Spring itself makes.
 */
final class ApplicationExceptionHandlers {

	private static final ExceptionHandlerMethodResolver NO_HANDLERS = new ExceptionHandlerMethodResolver(Object.class);

	private final List<Advice> advice;

	private final Map<Class<?>, ExceptionHandlerMethodResolver> controllers;

	private final @Nullable ContentNegotiationManager negotiation;

	private ApplicationExceptionHandlers(List<Advice> advice, Map<Class<?>, ExceptionHandlerMethodResolver> controllers,
			@Nullable ContentNegotiationManager negotiation) {
		this.advice = advice;
		this.controllers = controllers;
		this.negotiation = negotiation;
	}

	/**
	 * Reads the exception handlers of an application.
	 * @param beans the application's beans, all created
	 * @param negotiation Spring MVC's content negotiation, or {@code null}
	 * @return the handlers
	 */
	static ApplicationExceptionHandlers of(ListableBeanFactory beans, @Nullable ContentNegotiationManager negotiation) {
		List<Advice> advice = new ArrayList<>();
		for (ControllerAdviceBean bean : ControllerAdviceBean.findAnnotatedBeans(beans)) {
			ExceptionHandlerMethodResolver resolver = new ExceptionHandlerMethodResolver(bean.getBeanType());
			if (resolver.hasExceptionMappings()) {
				advice.add(new Advice(bean, resolver, CatchAllHandlers.isStarters(bean.getBeanType())));
			}
		}
		Map<Class<?>, ExceptionHandlerMethodResolver> controllers = new ConcurrentHashMap<>();
		for (RequestMappingHandlerMapping mapping : beans.getBeansOfType(RequestMappingHandlerMapping.class, false, false)
			.values()) {
			for (HandlerMethod handler : mapping.getHandlerMethods().values()) {
				controllers.computeIfAbsent(handler.getBeanType(), ApplicationExceptionHandlers::resolver);
			}
		}
		return new ApplicationExceptionHandlers(List.copyOf(advice), controllers, negotiation);
	}

	private static ExceptionHandlerMethodResolver resolver(Class<?> controller) {
		ExceptionHandlerMethodResolver resolver = new ExceptionHandlerMethodResolver(controller);
		return resolver.hasExceptionMappings() ? resolver : NO_HANDLERS;
	}

	/**
	 * The handler Spring MVC will pick for an exception.
	 * @param handler the handler that failed, or {@code null}
	 * @param exception the exception
	 * @param request the request
	 * @return the pick, or {@code null} if no handler takes the exception
	 */
	@Nullable Pick pick(@Nullable Object handler, Exception exception, NativeWebRequest request) {
		List<MediaType> accepted = accepted(request);
		Class<?> handlerType = null;
		if (handler instanceof HandlerMethod method) {
			handlerType = method.getBeanType();
			ExceptionHandlerMethodResolver own = this.controllers.computeIfAbsent(handlerType,
					ApplicationExceptionHandlers::resolver);
			ExceptionHandlerMappingInfo mapping = mapping(own, exception, accepted);
			if (mapping != null) {
				return new Pick(mapping, false);
			}
			if (Proxy.isProxyClass(handlerType)) {
				handlerType = AopUtils.getTargetClass(method.getBean());
			}
		}
		for (Advice advice : this.advice) {
			if (advice.bean().isApplicableToBeanType(handlerType)) {
				ExceptionHandlerMappingInfo mapping = mapping(advice.resolver(), exception, accepted);
				if (mapping != null) {
					return new Pick(mapping, advice.starters());
				}
			}
		}
		return null;
	}

	private static @Nullable ExceptionHandlerMappingInfo mapping(ExceptionHandlerMethodResolver resolver,
			Exception exception, List<MediaType> accepted) {
		if (resolver == NO_HANDLERS) {
			return null;
		}
		for (MediaType type : accepted) {
			ExceptionHandlerMappingInfo mapping = resolver.resolveExceptionMapping(exception, type);
			if (mapping != null) {
				return mapping;
			}
		}
		return null;
	}

	private List<MediaType> accepted(NativeWebRequest request) {
		if (this.negotiation == null) {
			return List.of(MediaType.ALL);
		}
		try {
			return this.negotiation.resolveMediaTypes(request);
		}
		catch (HttpMediaTypeNotAcceptableException ex) {
			return List.of(MediaType.ALL);
		}
	}

	/**
	 * The handler Spring MVC picks.
	 * @param mapping its method and declared types
	 * @param starters whether it is one of the starter's own
	 */
	record Pick(ExceptionHandlerMappingInfo mapping, boolean starters) {

		/**
		 * Tells whether the application's handler takes the exception only as a catch-all.
		 * @param exception the exception
		 * @return {@code true} for a handler of the application declared for {@code Exception},
		 * {@code RuntimeException} or {@code Throwable}, and nothing closer to the exception
		 */
		boolean applicationCatchAll(Exception exception) {
			return !this.starters && CatchAllHandlers.takesAsCatchAll(this.mapping.getExceptionTypes(), exception);
		}

	}

	private record Advice(ControllerAdviceBean bean, ExceptionHandlerMethodResolver resolver, boolean starters) {
	}

}
