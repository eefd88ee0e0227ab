package dev.hardening.autoconfigure.jdbc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.jdbc.StatementShapes.Strings;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every statement a proxied {@code DataSource} runs into the {@link QueryScope}s open on
 * the thread, and logs a slow one with its shape (the logging MDC adds the request ID). A
 * datasource-proxy listener, so it also joins a proxy the application (or datasource-micrometer)
 * set up itself.
 */
public final class StatementCounter implements QueryExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger("hardening.jdbc");

	private final long slowMillis;

	// how each data source's database reads strings, by the name of its proxy
	private final Map<String, Strings> strings = new ConcurrentHashMap<>();

	/**
	 * Creates a counter.
	 * @param slowMillis the duration from which a statement is logged as slow
	 */
	public StatementCounter(long slowMillis) {
		this.slowMillis = slowMillis;
	}

	/**
	 * Says how the database behind a data source reads strings, so that shapes of its statements
	 * end each literal where the database does.
	 * @param dataSourceName the name of the data source's proxy
	 * @param strings how its database reads strings
	 */
	void strings(String dataSourceName, Strings strings) {
		this.strings.put(dataSourceName, strings);
	}

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		boolean counting = QueryScope.active();
		boolean slow = execution.getElapsedTime() >= this.slowMillis;
		if (!counting && !slow) {
			return;
		}
		int batch = Math.max(1, execution.getBatchSize());
		String name = execution.getDataSourceName();
		Strings strings = (name != null) ? this.strings.getOrDefault(name, Strings.UNKNOWN) : Strings.UNKNOWN;
		for (QueryInfo query : queries) {
			String shape = StatementShapes.of(query.getQuery(), strings);
			if (counting) {
				QueryScope.record(shape, execution.isBatch() ? batch : 1, execution.getElapsedTime() / queries.size());
			}
			if (slow) {
				logger.warn("Slow statement ({} ms): {}", execution.getElapsedTime(), shape);
			}
		}
	}

}
