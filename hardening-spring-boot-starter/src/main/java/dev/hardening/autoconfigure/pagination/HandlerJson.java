package dev.hardening.autoconfigure.pagination;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.servlet.mvc.method.annotation.JsonViewResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * What the handler's own message converter would write for a body, as a JSON tree: the
 * converter instance Spring MVC chose (so its mapper, mixins and per-type mappers), with the
 * write hints the response body advice gives it ({@code @JsonView} on the handler, a
 * {@code FilterProvider} from an application's advice). Field selection trims this tree, so it
 * can only narrow what the handler would have written, never reveal what its serialization
 * hides. The converters and advice are looked up once, at the first selection.
 */
final class HandlerJson {

	/**
	 * Reads the written bytes back keeping numbers as written ({@code 1.10} stays {@code 1.10}),
	 * with no limit on the length of numbers, strings and names nor on nesting: what the
	 * application's converter wrote, within its own write constraints, is read back whole (a
	 * 1001-digit number, a 50001-character name), where Jackson's default read constraints would
	 * fail it. The bytes are the application's own, not the client's.
	 */
	private static final JsonMapper READER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNumberLength(Integer.MAX_VALUE)
				.maxStringLength(Integer.MAX_VALUE)
				.maxNameLength(Integer.MAX_VALUE)
				.maxNestingDepth(Integer.MAX_VALUE)
				.build())
			.build())
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.disable(JsonNodeFeature.FAIL_ON_NAN_TO_BIG_DECIMAL_COERCION)
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private final ApplicationContext context;

	private volatile @Nullable Lookup lookup;

	HandlerJson(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Writes a body as its handler's converter would.
	 * @return the tree, or {@code null} if the converter is not a Jackson converter found in
	 * Spring MVC's list: then nothing may be selected
	 */
	@Nullable JsonNode write(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		Lookup lookup = lookup();
		ResolvableType targetType = targetType(returnType);
		AbstractJacksonHttpMessageConverter<?> converter = lookup.converter(converterType, targetType, body.getClass(),
				contentType);
		if (converter == null) {
			return null;
		}
		Map<String, Object> hints = lookup.hints(body, returnType, contentType, converterType);
		Captured output = new Captured();
		try {
			converter.write(body, targetType, contentType, output, hints);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return READER.readTree(output.bytes.toByteArray());
	}

	/** The declared type of the body, as {@code AbstractMessageConverterMethodProcessor} sees it. */
	private static ResolvableType targetType(MethodParameter returnType) {
		Type type = returnType.getGenericParameterType();
		if (HttpEntity.class.isAssignableFrom(returnType.getParameterType())) {
			type = ResolvableType.forMethodParameter(returnType).as(HttpEntity.class).getGeneric(0).getType();
		}
		return ResolvableType.forType(GenericTypeResolver.resolveType(type, returnType.getContainingClass()));
	}

	private Lookup lookup() {
		Lookup lookup = this.lookup;
		if (lookup == null) {
			// after startup the converters and advice do not change: computing twice is harmless
			lookup = new Lookup(this.context);
			this.lookup = lookup;
		}
		return lookup;
	}

	/** Spring MVC's converters and response body advice, as its handler adapter holds them. */
	private static final class Lookup {

		private final List<HttpMessageConverter<?>> converters = new ArrayList<>();

		private final List<@Nullable ControllerAdviceBean> adviceBeans = new ArrayList<>();

		private final List<ResponseBodyAdvice<?>> advice = new ArrayList<>();

		Lookup(ApplicationContext context) {
			context.getBeanProvider(RequestMappingHandlerAdapter.class)
				.orderedStream()
				.forEach((adapter) -> this.converters.addAll(adapter.getMessageConverters()));
			for (ControllerAdviceBean bean : ControllerAdviceBean.findAnnotatedBeans(context)) {
				if (ResponseBodyAdvice.class.isAssignableFrom(bean.getBeanType())) {
					this.adviceBeans.add(bean);
					this.advice.add((ResponseBodyAdvice<?>) bean.resolveBean());
				}
			}
			// RequestMappingHandlerAdapter adds it after the application's advice
			this.adviceBeans.add(null);
			this.advice.add(new JsonViewResponseBodyAdvice());
		}

		/** The first converter of the type that can write the body, as Spring MVC picks it. */
		@Nullable AbstractJacksonHttpMessageConverter<?> converter(Class<?> converterType, ResolvableType targetType,
				Class<?> valueType, MediaType contentType) {
			for (HttpMessageConverter<?> converter : this.converters) {
				if (converter.getClass() == converterType
						&& converter instanceof AbstractJacksonHttpMessageConverter<?> jackson
						&& jackson.canWrite(targetType, valueType, contentType)) {
					return jackson;
				}
			}
			return null;
		}

		/** The write hints, merged as {@code RequestResponseBodyAdviceChain} merges them. */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		Map<String, Object> hints(Object body, MethodParameter returnType, MediaType contentType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			Map<String, Object> hints = null;
			for (int i = 0; i < this.advice.size(); i++) {
				ControllerAdviceBean bean = this.adviceBeans.get(i);
				ResponseBodyAdvice advice = this.advice.get(i);
				if ((bean == null || bean.isApplicableToBeanType(returnType.getContainingClass()))
						&& advice.supports(returnType, converterType)) {
					Map<String, Object> more = advice.determineWriteHints(body, returnType, contentType,
							converterType);
					if (more != null) {
						hints = (hints != null) ? hints : new HashMap<>();
						hints.putAll(more);
					}
				}
			}
			return (hints != null) ? hints : Map.of();
		}

	}

	/** An output message that keeps what is written. */
	private static final class Captured implements HttpOutputMessage {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);

		private final HttpHeaders headers = new HttpHeaders();

		@Override
		public OutputStream getBody() {
			return this.bytes;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
