package dev.hardening.autoconfigure.tracing;

import java.util.Map;

import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends as {@code traceparent}, the request ID is the generated one and the
 * filters do not fail.
 */
class TraceparentNeverSetsRequestIdTests {

	private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder().build();

	private static final io.opentelemetry.api.trace.Tracer OTEL = PROVIDER.get("test");

	private static final OtelTracer TRACER = new OtelTracer(OTEL, new OtelCurrentTraceContext(), (event) -> {
	});

	@Property(tries = 300)
	void anyTraceparentLeavesTheRequestIdAlone(@ForAll String traceparent) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		request.addHeader("traceparent", traceparent);
		MockHttpServletResponse response = new MockHttpServletResponse();
		Context incoming = W3CTraceContextPropagator.getInstance()
			.extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
		Span span = OTEL.spanBuilder("request").setParent(incoming).startSpan();
		try (Scope scope = span.makeCurrent()) {
			new RequestIdFilter("X-Request-ID", true, () -> "generated-1").doFilter(request, response,
					new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
					}, new TraceIdFilter(TRACER)));
		}
		finally {
			span.end();
		}
		assertThat(RequestIdFilter.requestId(request)).isEqualTo("generated-1");
		assertThat(response.getHeader("X-Request-ID")).isEqualTo("generated-1");
		assertThat(RequestTraceId.of(request)).isEqualTo(span.getSpanContext().getTraceId());
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
