package dev.hardening.autoconfigure.tracing;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.requestid.RequestIdProperties;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures trace context for applications with Micrometer Tracing: the trace ID of each
 * request's span goes into its problem bodies as {@code traceId}, and into its response as the
 * W3C {@code traceresponse} header when {@code hardening.request-id.echo} asks for it. Without a
 * {@link Tracer}, or with Boot's no-op one (Micrometer Tracing without a bridge), no filter is
 * registered and requests pay nothing.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean(Tracer.class)
@EnableConfigurationProperties(RequestIdProperties.class)
public final class TracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "hardeningTraceIdFilter")
	FilterRegistrationBean<TraceIdFilter> hardeningTraceIdFilter(Tracer tracer, RequestIdProperties requestId) {
		FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(
				new TraceIdFilter(tracer, requestId.getEcho().traceId()));
		// after Boot's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1), which opens the span
		registration.setOrder(FilterOrder.TRACE_ID);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		// Boot's no-op tracer, when Micrometer Tracing has no bridge: no span, nothing to keep
		registration.setEnabled(tracer != Tracer.NOOP);
		return registration;
	}

}
