package dev.hardening.autoconfigure.tracing;

import dev.hardening.autoconfigure.FilterOrder;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures trace context for applications with Micrometer Tracing: the trace ID of each
 * request's span goes into its problem bodies as {@code traceId}. Without a {@link Tracer} bean
 * nothing is registered and requests pay nothing.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean(Tracer.class)
public final class TracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "hardeningTraceIdFilter")
	FilterRegistrationBean<TraceIdFilter> hardeningTraceIdFilter(Tracer tracer) {
		FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(new TraceIdFilter(tracer));
		// after Boot's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1), which opens the span
		registration.setOrder(FilterOrder.REQUEST_ID);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
