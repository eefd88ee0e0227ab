package dev.hardening.autoconfigure.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.JdbcAuditLog;
import dev.hardening.audit.JdbcAuditLog.Filter;
import dev.hardening.audit.JdbcAuditLog.Stored;
import dev.hardening.audit.JdbcAuditLog.Verification;
import dev.hardening.error.ApiException;
import dev.hardening.pagination.Cursor;
import dev.hardening.pagination.CursorCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/audit}: the jdbc sink's events, filtered by principal, action, resource type and
 * time, a page at a time with a signed cursor to the next; {@code /actuator/audit/verify}: a walk
 * of the chain. Not exposed over HTTP unless the application exposes it.
 */
@Endpoint(id = "audit")
public class AuditEndpoint {

	private static final int DEFAULT_SIZE = 50;

	private static final int MAX_SIZE = 500;

	private static final String SCOPE = "actuator/audit";

	/** The first time {@code from} and {@code to} may name: the first of year 1. */
	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	/** The first time past what {@code from} and {@code to} may name: the first of year 10000. */
	private static final Instant PAST_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

	private final JdbcAuditLog log;

	private final CursorCodec cursors;

	AuditEndpoint(JdbcAuditLog log, CursorCodec cursors) {
		this.log = log;
		this.cursors = cursors;
	}

	/**
	 * Reads a page of events.
	 * @param principal who did it
	 * @param action what was done
	 * @param resource the kind of resource
	 * @param from from this time, included
	 * @param to to this time, excluded
	 * @param cursor where the previous page ended
	 * @param size how many events, 1 to 500 (50 by default), in decimal digits only, given once
	 * @return the page
	 * @throws SQLException if the table could not be read
	 */
	@ReadOperation
	public Page events(@Nullable String principal, @Nullable String action, @Nullable String resource,
			@Nullable OffsetDateTime from, @Nullable OffsetDateTime to, @Nullable String cursor, @Nullable String size)
			throws SQLException {
		int limit = (size != null) ? size(size) : DEFAULT_SIZE;
		long afterId = 0;
		if (cursor != null) {
			try {
				afterId = ((Number) this.cursors.decode(cursor, SCOPE).keys().get(0)).longValue();
			}
			catch (ApiException | ClassCastException ex) {
				throw new InvalidEndpointRequestException("Not a cursor of this endpoint", "Invalid cursor");
			}
		}
		Filter filter = new Filter(text("principal", principal), text("action", action), text("resource", resource),
				time("from", from), time("to", to));
		List<Stored> events = this.log.find(filter, afterId, limit + 1);
		String next = null;
		if (events.size() > limit) {
			events = events.subList(0, limit);
			next = this.cursors.encode(new Cursor(Cursor.Direction.NEXT, List.of(events.get(limit - 1).id())), SCOPE);
		}
		return new Page(events.stream().map(Entry::of).toList(), next);
	}

	/**
	 * The page size as the pagination parameters read one: decimal digits only, so not
	 * {@code +5}, {@code 0x10} or {@code 1e2}, which a conversion to a number would take, nor two
	 * values (the endpoint is given them joined by a comma).
	 */
	private static int size(String value) {
		int size = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9' || size > MAX_SIZE) {
				throw new InvalidEndpointRequestException("size must be 1 to " + MAX_SIZE, "Invalid size");
			}
			size = size * 10 + (c - '0');
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidEndpointRequestException("size must be 1 to " + MAX_SIZE, "Invalid size");
		}
		return size;
	}

	/**
	 * A text filter, refused if it holds what no stored value does: a control character or line
	 * separator (kept values have them escaped, {@link AuditEvent#idOf(String)}), or an unpaired
	 * surrogate, which a database cannot take as text.
	 */
	private static @Nullable String text(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
				throw new InvalidEndpointRequestException(name + " holds a control character or is not well-formed Unicode",
						"Invalid " + name);
			}
		}
		return value;
	}

	/** A time filter, refused outside the years 1 to 9999, which every database the sink runs on holds. */
	private static @Nullable Instant time(String name, @Nullable OffsetDateTime value) {
		if (value == null) {
			return null;
		}
		Instant instant = value.toInstant();
		if (instant.isBefore(EARLIEST) || !instant.isBefore(PAST_LATEST)) {
			throw new InvalidEndpointRequestException(name + " must lie in the years 1 to 9999", "Invalid " + name);
		}
		return instant;
	}

	/**
	 * Walks the chain.
	 * @param operation {@code verify}
	 * @return what the walk found, or {@code null} (a 404) for another operation
	 * @throws SQLException if the tables could not be read
	 */
	@ReadOperation
	public @Nullable Verification verify(@Selector String operation) throws SQLException {
		return "verify".equals(operation) ? this.log.verify() : null;
	}

	/**
	 * A page of events.
	 *
	 * @param events the events, in the chain's order
	 * @param next the cursor of the next page, {@code null} on the last
	 */
	public record Page(List<Entry> events, @Nullable String next) {
	}

	/**
	 * An event as the endpoint shows it.
	 *
	 * @param id its id in the chain
	 * @param time when
	 * @param action what was done
	 * @param resourceType the kind of resource
	 * @param resourceId the resource's id
	 * @param outcome {@code success} or {@code failure}
	 * @param failureCode the problem code of a failure
	 * @param principal who
	 * @param clientAddress from where
	 * @param userAgent with what
	 * @param requestId the request's ID
	 * @param traceId the request's trace ID
	 * @param details further values
	 */
	public record Entry(long id, String time, String action, String resourceType, @Nullable String resourceId,
			String outcome, @Nullable String failureCode, @Nullable String principal, @Nullable String clientAddress,
			@Nullable String userAgent, @Nullable String requestId, @Nullable String traceId, Map<String, String> details) {

		static Entry of(Stored stored) {
			AuditEvent event = stored.event();
			return new Entry(stored.id(), event.time().toString(), event.action(), event.resourceType(),
					event.resourceId(), event.outcome().label(), event.failureCode(),
					event.principal(), event.clientAddress(), event.userAgent(), event.requestId(), event.traceId(),
					event.details());
		}

	}

}
