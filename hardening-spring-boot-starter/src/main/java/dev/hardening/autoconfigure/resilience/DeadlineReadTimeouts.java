package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

import dev.hardening.deadline.Deadline;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Gives a request made while its deadline has less time left than its policy's read timeout that
 * time instead, so that an attempt started near the deadline does not outlive it. Spring's request
 * factories take a read timeout per factory, not per request; for the JDK's {@link HttpClient}
 * (Spring Boot's choice when no other client library is present) a factory costs four fields, so a
 * shortened request gets one of its own over the same client. The client, its executor and the
 * compression setting are read once, when the policy's factory is built. Other client libraries
 * keep the policy's read timeout.
 */
final class DeadlineReadTimeouts {

	private static final Duration SHORTEST = Duration.ofMillis(1);

	private final HttpClient client;

	private final Executor executor;

	private final boolean compression;

	private final long readTimeoutNanos;

	private DeadlineReadTimeouts(HttpClient client, Executor executor, boolean compression, Duration readTimeout) {
		this.client = client;
		this.executor = executor;
		this.compression = compression;
		this.readTimeoutNanos = readTimeout.toNanos();
	}

	/**
	 * Returns the shortening of a factory's requests, or {@code null} when its client library
	 * does not allow it.
	 * @param factory the policy's factory
	 * @param readTimeout the policy's read timeout
	 * @return the shortening, or {@code null}
	 */
	static @Nullable DeadlineReadTimeouts of(ClientHttpRequestFactory factory, Duration readTimeout) {
		if (!(factory instanceof JdkClientHttpRequestFactory jdk)) {
			return null;
		}
		Object client = read(jdk, "httpClient");
		Object executor = read(jdk, "executor");
		Object compression = read(jdk, "compression");
		if (client instanceof HttpClient httpClient && executor instanceof Executor taskExecutor
				&& compression instanceof Boolean compressed) {
			return new DeadlineReadTimeouts(httpClient, taskExecutor, compressed, readTimeout);
		}
		return null;
	}

	/**
	 * Creates the request with the time its deadline has left as its read timeout, when that is
	 * shorter than the policy's; otherwise leaves it to the policy's factory.
	 * @param uri the request's URI
	 * @param method its method
	 * @return the request, or {@code null} when the policy's factory should make it
	 * @throws IOException as the factory throws it
	 */
	@Nullable ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
		Deadline deadline = Deadline.current();
		if (deadline == null) {
			return null;
		}
		long left = deadline.remainingNanos();
		if (left >= this.readTimeoutNanos) {
			return null;
		}
		JdkClientHttpRequestFactory shortened = new JdkClientHttpRequestFactory(this.client, this.executor);
		shortened.setReadTimeout((left > SHORTEST.toNanos()) ? Duration.ofNanos(left) : SHORTEST);
		shortened.enableCompression(this.compression);
		return shortened.createRequest(uri, method);
	}

	private static @Nullable Object read(JdkClientHttpRequestFactory factory, String name) {
		Field field = ReflectionUtils.findField(JdkClientHttpRequestFactory.class, name);
		if (field == null) {
			return null;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return field.get(factory);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return null;
		}
	}

}
