package dev.hardening.autoconfigure.cache;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.core.PriorityOrdered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Wraps the {@link CacheOperationSource} that {@code @EnableCaching} declares in a
 * {@link SingleFlightOperationSource}, so the advisor, its pointcut and the interceptor all use
 * it; then, once every singleton exists, asks it about every method of every bean, so that each
 * {@code @Cacheable} and {@code @CachePut} return type is a known value type before the first
 * read from Redis. Priority-ordered, so it is in place before the auto-proxy creator asks for
 * the caching advisor.
 */
final class CacheOperationsPostProcessor implements BeanPostProcessor, PriorityOrdered, SmartInitializingSingleton {

	private final ObjectProvider<CacheValueTypes> types;

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile CacheOperationSource source;

	CacheOperationsPostProcessor(ObjectProvider<CacheValueTypes> types, ConfigurableListableBeanFactory beanFactory) {
		this.types = types;
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof CacheOperationSource operations && !(bean instanceof SingleFlightOperationSource)) {
			SingleFlightOperationSource wrapped = new SingleFlightOperationSource(operations, this.types::getObject);
			this.source = wrapped;
			return wrapped;
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		CacheOperationSource operations = this.source;
		if (operations == null) {
			return;
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (operations.isCandidateClass(userClass)) {
				ReflectionUtils.doWithMethods(userClass, (method) -> operations.getCacheOperations(method, userClass),
						ReflectionUtils.USER_DECLARED_METHODS);
			}
		}
	}

	@Override
	public int getOrder() {
		return PriorityOrdered.HIGHEST_PRECEDENCE;
	}

}
