package dev.hardening.autoconfigure.tracing;

import java.util.Map;

import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.autoconfigure.requestid.RequestIdProperties.Echo;
import dev.hardening.error.ErrorCode;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final SdkTracerProvider provider = SdkTracerProvider.builder().build();

	private final io.opentelemetry.api.trace.Tracer otel = this.provider.get("test");

	private final Tracer tracer = new OtelTracer(this.otel, new OtelCurrentTraceContext(), (event) -> {
	});

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void theTraceIdOfAnIncomingTraceparentIsInTheProblemBody() throws Exception {
		Context incoming = W3CTraceContextPropagator.getInstance()
			.extract(Context.root(), Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"), GETTER);
		Span span = this.otel.spanBuilder("request").setParent(incoming).startSpan();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		try (Scope scope = span.makeCurrent()) {
			new TraceIdFilter(this.tracer).doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
		}
		finally {
			span.end();
		}
		assertThat(RequestTraceId.of(request)).isEqualTo(TRACE_ID);
		ProblemDetail problem = new ProblemFactory(null, false).create(ErrorCode.forStatus(404), null);
		new ProblemFactory(null, false).complete(problem, request);
		assertThat(problem.getProperties()).containsEntry("traceId", TRACE_ID);
	}

	@Test
	void withoutASpanNoTraceId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		new TraceIdFilter(this.tracer).doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
		assertThat(RequestTraceId.of(request)).isNull();
		ProblemDetail problem = new ProblemFactory(null, false).create(ErrorCode.forStatus(404), null);
		new ProblemFactory(null, false).complete(problem, request);
		assertThat(problem.getProperties()).doesNotContainKey("traceId");
	}

	@Test
	void registersTheFilterWhenThereIsATracer() {
		this.runner.withBean(Tracer.class, () -> this.tracer)
			.run((context) -> assertThat(context).hasBean("hardeningTraceIdFilter"));
	}

	@Test
	void withBootsNoopTracerTheFilterIsNotRegisteredWithTheServer() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("hardeningTraceIdFilter", FilterRegistrationBean.class);
			assertThat(registration.isEnabled()).isFalse();
		});
		this.runner.withBean(Tracer.class, () -> this.tracer).run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("hardeningTraceIdFilter", FilterRegistrationBean.class);
			assertThat(registration.isEnabled()).isTrue();
		});
	}

	@Test
	void echoingBothSetsTheRequestIdAndTheTraceresponse() throws Exception {
		Span span = this.otel.spanBuilder("request").startSpan();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		try (Scope scope = span.makeCurrent()) {
			new TraceIdFilter(this.tracer, Echo.BOTH.traceId()).doFilter(request, response,
					new MockFilterChain(new HttpServlet() {
					}, new RequestIdFilter("X-Request-ID", false, () -> "generated", Echo.BOTH)));
		}
		finally {
			span.end();
		}
		assertThat(response.getHeader("X-Request-ID")).isEqualTo("generated");
		assertThat(response.getHeader("traceresponse")).isEqualTo("00-" + span.getSpanContext().getTraceId() + "-"
				+ span.getSpanContext().getSpanId() + "-01");
	}

	@Test
	void echoingTheTraceIdKeepsTheRequestIdHeaderForARequestWithoutASpan() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TraceIdFilter(this.tracer, true).doFilter(request, response, new MockFilterChain(new HttpServlet() {
		}, new RequestIdFilter("X-Request-ID", false, () -> "generated", Echo.TRACE_ID)));
		assertThat(response.getHeader("X-Request-ID")).isEqualTo("generated");
		assertThat(response.getHeader("traceresponse")).isNull();
	}

	@Test
	void registersNothingWithoutATracerBean() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("hardeningTraceIdFilter"));
	}

	@Test
	void registersNothingWithoutMicrometerTracing() {
		this.runner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningTraceIdFilter"));
	}

	private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	};

}
