package dev.hardening.autoconfigure.error;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The application's catch-all exception handlers: {@code @ExceptionHandler} methods declared for
 * {@link Exception}, {@link RuntimeException} or {@link Throwable}, in a
 * {@code @ControllerAdvice} or a controller. Such a handler takes every exception nothing closer
 * takes, whatever it means, and answers it its own way, typically a {@code 500} named after the
 * exception's class. The starter answers its own rejections and Spring MVC's client errors before
 * it (see {@link ProblemPrecedenceResolver}); the hardening report names those that still hide
 * problems.
 */
public final class CatchAllHandlers {

	/** The declared types that make a handler a catch-all. */
	static final Set<Class<?>> CATCH_ALL_TYPES = Set.of(Exception.class, RuntimeException.class, Throwable.class);

	/** The starter's own {@code @ControllerAdvice} classes with exception handlers. */
	private static final Set<String> STARTER_HANDLERS = Set.of(ProblemExceptionHandler.class.getName(),
			ApiExceptionHandler.class.getName(), UpstreamExceptionHandler.class.getName(),
			"dev.hardening.autoconfigure.error.ConstraintViolationExceptionHandler",
			"dev.hardening.autoconfigure.jdbc.DatabaseExceptionHandler",
			"dev.hardening.autoconfigure.jdbc.DatabaseConflictHandler");

	private CatchAllHandlers() {
	}

	/**
	 * A catch-all handler of the application that hides problems.
	 * @param bean the name of the bean that declares it
	 * @param method the handler method
	 */
	public record Handler(String bean, Method method) {

		/**
		 * Names the handler as a person finds it: bean, method and declared types.
		 * @return for example {@code globalHandler.handle(Exception) in com.example.GlobalHandler}
		 */
		public String describe() {
			String types = Arrays.stream(this.method.getParameterTypes())
				.map(Class::getSimpleName)
				.collect(Collectors.joining(", "));
			return this.bean + "." + this.method.getName() + "(" + types + ") in "
					+ this.method.getDeclaringClass().getName();
		}

	}

	/**
	 * Finds the application's catch-all handlers that hide problems: those that answer with
	 * something other than a {@link ProblemDetail} or {@link ErrorResponse}, outside a
	 * {@link ResponseEntityExceptionHandler} (whose own handlers answer Spring MVC's exceptions
	 * first). The starter's own handlers are not the application's.
	 * @param beans the application's beans
	 * @return the handlers, by bean name then method name
	 */
	public static List<Handler> find(ListableBeanFactory beans) {
		Map<String, Class<?>> declaring = new LinkedHashMap<>();
		for (String name : beans.getBeanNamesForAnnotation(ControllerAdvice.class)) {
			Class<?> type = beans.getType(name, false);
			if (type != null) {
				declaring.putIfAbsent(name, ClassUtils.getUserClass(type));
			}
		}
		if (ClassUtils.isPresent("org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping",
				CatchAllHandlers.class.getClassLoader())) {
			controllers(beans, declaring);
		}
		List<Handler> handlers = new ArrayList<>();
		declaring.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.filter((bean) -> !isStarters(bean.getValue())
					&& !ResponseEntityExceptionHandler.class.isAssignableFrom(bean.getValue()))
			.forEach((bean) -> MethodIntrospector
				.selectMethods(bean.getValue(),
						(Method method) -> AnnotatedElementUtils.hasAnnotation(method, ExceptionHandler.class))
				.stream()
				.filter((method) -> declaredTypes(method).stream().anyMatch(CATCH_ALL_TYPES::contains))
				.filter((method) -> !answersWithProblem(method))
				.sorted((a, b) -> a.getName().compareTo(b.getName()))
				.forEach((method) -> handlers.add(new Handler(bean.getKey(), method))));
		return handlers;
	}

	private static void controllers(ListableBeanFactory beans, Map<String, Class<?>> declaring) {
		for (RequestMappingHandlerMapping mapping : beans.getBeansOfType(RequestMappingHandlerMapping.class, false, false)
			.values()) {
			for (HandlerMethod handler : mapping.getHandlerMethods().values()) {
				String name = (handler.getBean() instanceof String beanName) ? beanName
						: ClassUtils.getShortNameAsProperty(handler.getBeanType());
				declaring.putIfAbsent(name, ClassUtils.getUserClass(handler.getBeanType()));
			}
		}
	}

	/**
	 * The exception types a handler method is declared for, as Spring reads them: the
	 * annotation's, else the method's exception parameters.
	 * @param method an {@code @ExceptionHandler} method
	 * @return the declared types
	 */
	static List<Class<?>> declaredTypes(Method method) {
		ExceptionHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method, ExceptionHandler.class);
		List<Class<?>> types = new ArrayList<>();
		if (annotation != null) {
			types.addAll(Arrays.asList(annotation.exception()));
		}
		if (types.isEmpty()) {
			for (Class<?> parameter : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameter)) {
					types.add(parameter);
				}
			}
		}
		return types;
	}

	/**
	 * Tells whether the declared type that takes an exception is a catch-all: the closest of
	 * them to the exception, or to the first of its causes any of them takes, as Spring matches.
	 * @param declared the types a handler method is declared for
	 * @param failure the exception
	 * @return {@code true} if the handler takes it only as an {@code Exception},
	 * {@code RuntimeException} or {@code Throwable}
	 */
	static boolean takesAsCatchAll(Collection<Class<? extends Throwable>> declared, Throwable failure) {
		for (Throwable level = failure; level != null; level = (level.getCause() != level) ? level.getCause() : null) {
			Class<? extends Throwable> type = level.getClass();
			Class<? extends Throwable> closest = declared.stream()
				.filter((candidate) -> candidate.isAssignableFrom(type))
				.min(new ExceptionDepthComparator(type))
				.orElse(null);
			if (closest != null) {
				return CATCH_ALL_TYPES.contains(closest);
			}
		}
		return false;
	}

	/**
	 * Tells whether a bean is one of the starter's own exception handlers, or an application's
	 * subclass of one. By name, so that the optional ones need not be loadable.
	 * @param type the bean's class
	 * @return {@code true} for the starter's
	 */
	static boolean isStarters(@Nullable Class<?> type) {
		for (Class<?> candidate = type; candidate != null && candidate != Object.class; candidate = candidate
			.getSuperclass()) {
			if (STARTER_HANDLERS.contains(candidate.getName())) {
				return true;
			}
		}
		return false;
	}

	private static boolean answersWithProblem(Method method) {
		ResolvableType returned = ResolvableType.forMethodReturnType(method);
		Class<?> type = returned.resolve(Object.class);
		if (HttpEntity.class.isAssignableFrom(type)) {
			type = returned.as(HttpEntity.class).getGeneric(0).resolve(Object.class);
		}
		return ProblemDetail.class.isAssignableFrom(type) || ErrorResponse.class.isAssignableFrom(type);
	}

}
