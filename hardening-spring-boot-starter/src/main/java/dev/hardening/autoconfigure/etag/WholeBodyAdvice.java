package dev.hardening.autoconfigure.etag;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Tells the shallow ETag filter that Spring MVC writes a converted body ({@code @ResponseBody},
 * {@code ResponseEntity}), whole and at once: the {@code flushBuffer()} Spring MVC calls after a
 * {@code ResponseEntity} body then ends the handler, and does not make the response stream.
 * Leaves the body as it is.
 */
@ControllerAdvice
final class WholeBodyAdvice implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (response instanceof ServletServerHttpResponse servlet) {
			HashingResponseWrapper wrapper = HashingResponseWrapper.of(servlet.getServletResponse());
			if (wrapper != null) {
				wrapper.expectWholeBody();
			}
		}
		return body;
	}

}
