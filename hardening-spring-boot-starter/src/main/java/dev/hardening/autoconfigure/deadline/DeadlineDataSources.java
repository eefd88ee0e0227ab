package dev.hardening.autoconfigure.deadline;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.listener.ChainListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts every {@link DataSource} bean behind a datasource-proxy that applies the request's deadline
 * to each statement, or adds that listener to the proxy already there (the starter's statement
 * counting makes one), so a pool is proxied once.
 */
final class DeadlineDataSources implements BeanPostProcessor {

	private final DeadlineStatementTimeouts timeouts = new DeadlineStatementTimeouts();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource)) {
			return bean;
		}
		if (bean instanceof ProxyDataSource proxy) {
			QueryExecutionListener listener = proxy.getProxyConfig().getQueryListener();
			if (listener instanceof ChainListener chain && chain.getListeners().stream()
				.noneMatch(DeadlineStatementTimeouts.class::isInstance)) {
				chain.addListener(this.timeouts);
			}
			return bean;
		}
		return ProxyDataSourceBuilder.create(dataSource).name(beanName).listener(this.timeouts).build();
	}

}
