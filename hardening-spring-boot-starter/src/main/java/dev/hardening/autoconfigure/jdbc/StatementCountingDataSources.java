package dev.hardening.autoconfigure.jdbc;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.listener.ChainListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts every {@link DataSource} bean behind a datasource-proxy that tells the
 * {@link StatementCounter}, or, when the application already has such a proxy, adds the counter
 * to it. The pool stays reachable through {@code unwrap}, as Spring Boot's pool metrics expect.
 */
final class StatementCountingDataSources implements BeanPostProcessor {

	private final QueryExecutionListener counter;

	StatementCountingDataSources(QueryExecutionListener counter) {
		this.counter = counter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource)) {
			return bean;
		}
		if (bean instanceof ProxyDataSource proxy) {
			QueryExecutionListener listener = proxy.getProxyConfig().getQueryListener();
			if (listener instanceof ChainListener chain && !chain.getListeners().contains(this.counter)) {
				chain.addListener(this.counter);
			}
			return bean;
		}
		return ProxyDataSourceBuilder.create(dataSource).name(beanName).listener(this.counter).build();
	}

}
