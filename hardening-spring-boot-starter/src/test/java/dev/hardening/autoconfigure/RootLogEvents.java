package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every event logged while a test runs, whichever the logger: registered as a test class's
 * extension ({@code @RegisterExtension}), it listens on the root logger during each test, so that
 * a test can check that nothing it made the application log carries a client's input unescaped.
 */
public final class RootLogEvents implements BeforeEachCallback, AfterEachCallback {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@Override
	public void beforeEach(ExtensionContext context) {
		// appended to on the container's threads, read on the test's
		this.appender.list = Collections.synchronizedList(new ArrayList<>());
		this.appender.start();
		root().addAppender(this.appender);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		root().detachAppender(this.appender);
	}

	/**
	 * Returns the events logged so far in this test.
	 * @return a copy of them, in order
	 */
	public List<ILoggingEvent> events() {
		synchronized (this.appender.list) {
			return List.copyOf(this.appender.list);
		}
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
