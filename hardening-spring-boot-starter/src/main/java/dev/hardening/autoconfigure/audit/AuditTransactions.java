package dev.hardening.autoconfigure.audit;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an audited call and its success event in one transaction, with the attributes of the
 * method's own {@code @Transactional} if it has one (which then joins it), so that a refused event
 * rolls the call's writes back, whatever order the advisors run in. Used with the jdbc sink only,
 * so loaded only when Spring's transactions are on the class path.
 */
final class AuditTransactions {

	private final PlatformTransactionManager transactions;

	private final TransactionAttributeSource attributes = new AnnotationTransactionAttributeSource();

	AuditTransactions(PlatformTransactionManager transactions) {
		this.transactions = transactions;
	}

	/**
	 * Runs the call; its exception, if any, is thrown once the transaction has ended (rolled back
	 * as its {@code @Transactional} rules say, or for any unchecked exception without one).
	 * @param invocation the call
	 * @param method the method
	 * @param target the target's class
	 * @param succeeded records the success event, inside the transaction; throws to refuse it
	 * @return what the call returned
	 * @throws Throwable what the call threw
	 */
	@Nullable Object run(MethodInvocation invocation, Method method, Class<?> target, Consumer<@Nullable Object> succeeded)
			throws Throwable {
		TransactionAttribute attribute = this.attributes.getTransactionAttribute(method, target);
		TransactionTemplate template = new TransactionTemplate(this.transactions,
				(attribute != null) ? attribute : new DefaultTransactionAttribute());
		Throwable[] failure = new Throwable[1];
		Object result = template.execute((status) -> {
			Object returned;
			try {
				returned = invocation.proceed();
			}
			catch (Throwable ex) {
				failure[0] = ex;
				boolean rollback = (attribute != null) ? attribute.rollbackOn(ex)
						: (ex instanceof RuntimeException || ex instanceof Error);
				if (rollback) {
					status.setRollbackOnly();
				}
				return null;
			}
			succeeded.accept(returned);
			return returned;
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		return result;
	}

}
