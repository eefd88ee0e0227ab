package dev.hardening.autoconfigure.audit;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditEvent.Outcome;
import dev.hardening.audit.AuditLog;
import dev.hardening.audit.AuditUnavailableException;
import dev.hardening.audit.Audited;
import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.autoconfigure.audit.AuditProperties.FailMode;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.SecretNames;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.LogValues;
import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records an event when an {@link Audited} method ends: success when it returns, failure with the
 * problem code its exception would be answered with when it throws. The event is written before
 * the call returns, in the transaction the call runs in if any: with {@code fail-mode: closed}, an
 * event that cannot be written fails the call with {@code 503 AUDIT_UNAVAILABLE}, which rolls that
 * transaction back.
 */
final class AuditedInterceptor implements MethodInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(AuditedInterceptor.class);

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private final AuditLog log;

	private final FailMode failMode;

	private final @Nullable ClientAddressResolver clients;

	private final AuditPrincipals principals;

	private final Runnable failureCounter;

	private final Clock clock;

	private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

	private final Map<Method, @Nullable Expression> ids = new ConcurrentHashMap<>();

	/** The annotation of each method called, looked up once. */
	private final Map<TargetKey, Target> targets = new ConcurrentHashMap<>();

	private final @Nullable AuditTransactions transactions;

	private final SecretNames secrets;

	private static final String REDACTED = "[redacted]";

	/**
	 * Creates the interceptor.
	 * @param log where events go
	 * @param failMode what a call does when its event cannot be written
	 * @param clients resolves the client's address, {@code null} for the connection's
	 * @param principals names the caller
	 * @param failureCounter counts events that could not be written
	 * @param clock the events' time
	 * @param transactions the transactions the events share with the calls (the jdbc sink's),
	 * {@code null} for none
	 * @param secrets the names of arguments whose values are never stored
	 */
	AuditedInterceptor(AuditLog log, FailMode failMode, @Nullable ClientAddressResolver clients,
			AuditPrincipals principals, Runnable failureCounter, Clock clock,
			@Nullable AuditTransactions transactions, SecretNames secrets) {
		this.transactions = transactions;
		this.secrets = secrets;
		this.log = log;
		this.failMode = failMode;
		this.clients = clients;
		this.principals = principals;
		this.failureCounter = failureCounter;
		this.clock = clock;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> target = (invocation.getThis() != null) ? invocation.getThis().getClass()
				: invocation.getMethod().getDeclaringClass();
		Target audited = this.targets.computeIfAbsent(new TargetKey(invocation.getMethod(), target), Target::of);
		if (audited.annotation() == null) {
			return invocation.proceed();
		}
		return invoke(invocation, audited.annotation(), audited.method(), target);
	}

	private @Nullable Object invoke(MethodInvocation invocation, Audited audited, Method method, Class<?> target)
			throws Throwable {
		if (this.transactions != null) {
			boolean[] recorded = new boolean[1];
			try {
				return this.transactions.run(invocation, method, target, (result) -> {
					recorded[0] = true;
					recordSuccess(audited, method, invocation.getArguments(), result);
				});
			}
			catch (Throwable ex) {
				// written after the call's transaction ended, so that its rollback does not take the event
				if (!recorded[0]) {
					recordFailure(audited, method, invocation.getArguments(), ex);
				}
				throw ex;
			}
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			recordFailure(audited, method, invocation.getArguments(), ex);
			throw ex;
		}
		recordSuccess(audited, method, invocation.getArguments(), result);
		return result;
	}

	private void recordSuccess(Audited audited, Method method, Object[] arguments, @Nullable Object result) {
		try {
			write(event(audited, method, arguments, result, null));
		}
		catch (RuntimeException auditFailure) {
			failed(auditFailure);
			if (this.failMode == FailMode.CLOSED) {
				throw new AuditUnavailableException(auditFailure);
			}
		}
	}

	private void recordFailure(Audited audited, Method method, Object[] arguments, Throwable ex) {
		try {
			write(event(audited, method, arguments, null, codeOf(ex)));
		}
		catch (RuntimeException auditFailure) {
			// the call's own failure is what its caller must see
			failed(auditFailure);
		}
	}

	private void write(AuditEvent event) {
		this.log.record(event);
	}

	private void failed(RuntimeException failure) {
		this.failureCounter.run();
		// never the event's values: they may be personal data
		logger.warn("An audit event could not be written ({}): {}", this.failMode == FailMode.CLOSED ? "fail-mode closed"
				: "fail-mode open, the call went on", failure.getClass().getSimpleName());
	}

	private AuditEvent event(Audited audited, Method method, Object[] arguments, @Nullable Object result,
			@Nullable String failureCode) {
		HttpServletRequest request = currentRequest();
		return new AuditEvent(this.clock.instant(), audited.action(), audited.resource(),
				AuditEvent.idOf(resourceId(audited, method, arguments, result)),
				(failureCode != null) ? Outcome.FAILURE : Outcome.SUCCESS, failureCode,
				AuditEvent.idOf(this.principals.current(request)),
				(request != null && this.clients != null) ? this.clients.resolve(request)
						: (request != null) ? request.getRemoteAddr() : null,
				(request != null) ? AuditEvent.userAgentOf(request.getHeader("User-Agent")) : null,
				(request != null) ? RequestIdFilter.requestId(request) : null,
				(request != null) ? RequestTraceId.of(request) : null, details(audited, method, arguments));
	}

	/** The arguments {@link Audited#details()} names, redacted by the access log's rules. */
	private Map<String, String> details(Audited audited, Method method, Object[] arguments) {
		if (audited.details().length == 0) {
			return Map.of();
		}
		String[] parameters = this.names.getParameterNames(method);
		Map<String, String> details = new java.util.TreeMap<>();
		for (String name : audited.details()) {
			int index = (parameters != null) ? java.util.Arrays.asList(parameters).indexOf(name) : -1;
			if (index < 0) {
				continue;
			}
			String value = this.secrets.matches(name) ? REDACTED
					: LogValues.safe(String.valueOf(arguments[index]), AuditEvent.MAX_USER_AGENT);
			details.put(name, value);
		}
		return details;
	}

	private @Nullable String resourceId(Audited audited, Method method, Object[] arguments, @Nullable Object result) {
		Expression expression = this.ids.computeIfAbsent(method,
				(key) -> audited.id().isEmpty() ? null : PARSER.parseExpression(audited.id()));
		if (expression == null) {
			return null;
		}
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, arguments, this.names);
		context.setVariable("result", result);
		Object id;
		try {
			id = expression.getValue(context);
		}
		catch (RuntimeException ex) {
			// an id that cannot be read (#result.id of a failed call) is not a reason to lose the event
			return null;
		}
		return (id != null) ? String.valueOf(id) : null;
	}

	/** The problem code the starter's error handling answers an exception with. */
	static String codeOf(Throwable failure) {
		if (failure instanceof ApiException api) {
			return api.errorCode().code();
		}
		if (failure instanceof ErrorResponse response) {
			return ErrorCode.forStatus(response.getStatusCode().value()).code();
		}
		return ErrorCode.INTERNAL_ERROR.code();
	}

	private static @Nullable HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

	private record TargetKey(Method method, Class<?> target) {
	}

	/** A called method's most specific form and its annotation, {@code null} if it has none. */
	private record Target(Method method, @Nullable Audited annotation) {

		static Target of(TargetKey key) {
			Method method = AopUtils.getMostSpecificMethod(key.method(), key.target());
			return new Target(method, AnnotatedElementUtils.findMergedAnnotation(method, Audited.class));
		}

	}

}
