package dev.hardening.autoconfigure.cache;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CachePutOperation;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.StringUtils;

/**
 * The application's cache operations, with two changes. A plain {@code @Cacheable} is read as
 * {@code @Cacheable(sync = true)} wherever Spring allows that (the method's only cache operation,
 * one cache, no {@code unless}, no custom cache resolver, not asynchronous), so its misses load
 * once per instance instead of once per caller. And the return type of every {@code @Cacheable}
 * and {@code @CachePut} method is registered as a value type that may be read back from Redis.
 */
final class SingleFlightOperationSource implements CacheOperationSource {

	private static final Collection<CacheOperation> NONE = List.of();

	private final CacheOperationSource delegate;

	private final Supplier<CacheValueTypes> types;

	private final Map<MethodClassKey, Collection<CacheOperation>> operations = new ConcurrentHashMap<>();

	/**
	 * Wraps the application's operations.
	 * @param delegate the operations as declared
	 * @param types asked for only once a cache operation is found, not while the source is built
	 */
	SingleFlightOperationSource(CacheOperationSource delegate, Supplier<CacheValueTypes> types) {
		this.delegate = delegate;
		this.types = types;
	}

	@Override
	public boolean isCandidateClass(Class<?> targetClass) {
		return this.delegate.isCandidateClass(targetClass);
	}

	@Override
	public @Nullable Collection<CacheOperation> getCacheOperations(Method method, @Nullable Class<?> targetClass) {
		Collection<CacheOperation> found = this.operations.get(new MethodClassKey(method, targetClass));
		if (found == null) {
			found = adapt(method, this.delegate.getCacheOperations(method, targetClass));
			this.operations.put(new MethodClassKey(method, targetClass), found);
		}
		return (found != NONE) ? found : null;
	}

	private Collection<CacheOperation> adapt(Method method, @Nullable Collection<CacheOperation> operations) {
		if (operations == null || operations.isEmpty()) {
			return NONE;
		}
		for (CacheOperation operation : operations) {
			if (operation instanceof CacheableOperation || operation instanceof CachePutOperation) {
				this.types.get().register(method.getGenericReturnType());
			}
		}
		if (operations.size() == 1 && operations.iterator().next() instanceof CacheableOperation cacheable
				&& canSynchronize(method, cacheable)) {
			return List.of(withSync(cacheable));
		}
		return operations;
	}

	private static boolean canSynchronize(Method method, CacheableOperation operation) {
		Class<?> returnType = method.getReturnType();
		return !operation.isSync() && operation.getCacheNames().size() == 1
				&& !StringUtils.hasText(operation.getUnless()) && !StringUtils.hasText(operation.getCacheResolver())
				&& !CompletableFuture.class.isAssignableFrom(returnType)
				&& ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType) == null;
	}

	private static CacheableOperation withSync(CacheableOperation operation) {
		CacheableOperation.Builder builder = new CacheableOperation.Builder();
		builder.setName(operation.getName());
		builder.setCacheNames(operation.getCacheNames().toArray(String[]::new));
		builder.setKey(operation.getKey());
		builder.setKeyGenerator(operation.getKeyGenerator());
		builder.setCacheManager(operation.getCacheManager());
		builder.setCacheResolver(operation.getCacheResolver());
		builder.setCondition(operation.getCondition());
		builder.setUnless(operation.getUnless());
		builder.setSync(true);
		return builder.build();
	}

}
