package dev.hardening.audit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import javax.sql.DataSource;

import dev.hardening.audit.AuditEvent.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * An audit log in two tables (see {@code schema-postgresql.sql} and {@code schema-h2.sql} beside
 * this class): the events, each with its id in the chain and its {@linkplain AuditChain link},
 * and the head of each chain, which every append locks ({@code SELECT ... FOR UPDATE}), so that
 * appends from any number of threads and instances form one chain with no gap. An append joins the
 * caller's transaction when given its connection: the event is stored if and only if the business
 * write commits.
 */
public final class JdbcAuditLog implements AuditLog {

	private static final String COLUMNS = "id, occurred_at, time_nanos, action, resource_type, resource_id, outcome, "
			+ "failure_code, principal, client_address, user_agent, request_id, trace_id, details, link";

	private final DataSource dataSource;

	private final AuditChain chain;

	private final String name;

	private volatile boolean headExists;

	/**
	 * Creates a log.
	 * @param dataSource where the tables are
	 * @param chain the key the links are made with
	 * @param name the chain's name, so that several logs can share the tables ({@code default})
	 */
	public JdbcAuditLog(DataSource dataSource, AuditChain chain, String name) {
		this.dataSource = dataSource;
		this.chain = chain;
		this.name = name;
	}

	/**
	 * Appends an event in a transaction of its own.
	 * @param event the event
	 * @throws AuditWriteException if it could not be stored
	 */
	@Override
	public void record(AuditEvent event) {
		try {
			append(event);
		}
		catch (SQLException ex) {
			throw new AuditWriteException("Could not append to audit chain '" + this.name + "'", ex);
		}
	}

	/**
	 * Appends an event in a transaction of its own.
	 * @param event the event
	 * @return its id in the chain
	 * @throws SQLException if it could not be stored
	 */
	public long append(AuditEvent event) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				long id = append(connection, event);
				connection.commit();
				return id;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
	}

	/**
	 * Appends an event in the caller's transaction, which holds the chain's head until it ends:
	 * keep the transaction short.
	 * @param connection the caller's connection, not in auto-commit mode
	 * @param event the event
	 * @return its id in the chain
	 * @throws SQLException if it could not be stored
	 */
	public long append(Connection connection, AuditEvent event) throws SQLException {
		ensureHead();
		long lastId;
		String lastLink;
		try (PreparedStatement head = connection
			.prepareStatement("SELECT last_id, last_link FROM hardening_audit_head WHERE chain = ? FOR UPDATE")) {
			head.setString(1, this.name);
			try (ResultSet row = head.executeQuery()) {
				if (!row.next()) {
					// the tables were made again since this log last looked: the next append makes the head
					this.headExists = false;
					throw new SQLException("The head of audit chain '" + this.name + "' is missing");
				}
				lastId = row.getLong(1);
				lastLink = row.getString(2);
			}
		}
		long id = lastId + 1;
		String link = this.chain.link(lastLink, event);
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hardening_audit_event (chain, " + COLUMNS
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			insert.setString(1, this.name);
			insert.setLong(2, id);
			insert.setObject(3, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC));
			insert.setInt(4, event.time().getNano());
			insert.setString(5, event.action());
			insert.setString(6, event.resourceType());
			insert.setString(7, event.resourceId());
			insert.setString(8, event.outcome().name());
			insert.setString(9, event.failureCode());
			insert.setString(10, event.principal());
			insert.setString(11, event.clientAddress());
			insert.setString(12, event.userAgent());
			insert.setString(13, event.requestId());
			insert.setString(14, event.traceId());
			insert.setString(15, encodeDetails(event.details()));
			insert.setString(16, link);
			insert.executeUpdate();
		}
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE hardening_audit_head SET last_id = ?, last_link = ? WHERE chain = ?")) {
			update.setLong(1, id);
			update.setString(2, link);
			update.setString(3, this.name);
			update.executeUpdate();
		}
		return id;
	}

	/**
	 * Walks the chain from its first event and reports the first that does not hold: an event
	 * edited, missing (deleted, or the last ones cut off) or out of its place.
	 * @return the verification
	 * @throws SQLException if the tables could not be read
	 */
	public Verification verify() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			long expected = 1;
			String previous = AuditChain.GENESIS;
			try (PreparedStatement events = connection.prepareStatement(
					"SELECT " + COLUMNS + " FROM hardening_audit_event WHERE chain = ? ORDER BY id")) {
				events.setString(1, this.name);
				events.setFetchSize(500);
				try (ResultSet row = events.executeQuery()) {
					while (row.next()) {
						long id = row.getLong("id");
						if (id != expected) {
							return Verification.broken(expected - 1, expected);
						}
						String link = row.getString("link");
						AuditEvent event = eventOf(row);
						if (event == null || !this.chain.holds(previous, event, link)) {
							return Verification.broken(expected - 1, id);
						}
						previous = link;
						expected++;
					}
				}
			}
			long events = expected - 1;
			try (PreparedStatement head = connection
				.prepareStatement("SELECT last_id, last_link FROM hardening_audit_head WHERE chain = ?")) {
				head.setString(1, this.name);
				try (ResultSet row = head.executeQuery()) {
					boolean matches = row.next() ? (row.getLong(1) == events && previous.equals(row.getString(2)))
							: events == 0;
					// the head names events that are no longer there: the last ones were removed
					return matches ? new Verification(true, events, null) : Verification.broken(events, events + 1);
				}
			}
		}
	}

	/**
	 * Reads stored events in the order of the chain, filtered; events that no longer make an
	 * event (edited beyond reading) are left out, as {@link #verify()} names them.
	 * @param filter which events
	 * @param afterId only events after this id ({@code 0} from the first)
	 * @param limit at most this many
	 * @return the events
	 * @throws SQLException if the table could not be read
	 */
	public List<Stored> find(Filter filter, long afterId, int limit) throws SQLException {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hardening_audit_event WHERE chain = ? AND id > ?");
		List<Object> parameters = new ArrayList<>(List.of(this.name, afterId));
		condition(sql, parameters, "principal = ?", filter.principal());
		condition(sql, parameters, "action = ?", filter.action());
		condition(sql, parameters, "resource_type = ?", filter.resourceType());
		condition(sql, parameters, "occurred_at >= ?",
				(filter.from() != null) ? OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC) : null);
		condition(sql, parameters, "occurred_at < ?",
				(filter.to() != null) ? OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC) : null);
		sql.append(" ORDER BY id LIMIT ?");
		parameters.add(limit);
		List<Stored> found = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				statement.setObject(i + 1, parameters.get(i));
			}
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					AuditEvent event = eventOf(row);
					if (event != null) {
						found.add(new Stored(row.getLong("id"), event, row.getString("link")));
					}
				}
			}
		}
		return found;
	}

	private static void condition(StringBuilder sql, List<Object> parameters, String condition, @Nullable Object value) {
		if (value != null) {
			sql.append(" AND ").append(condition);
			parameters.add(value);
		}
	}

	/**
	 * Which events {@link #find} reads; {@code null} members do not filter.
	 *
	 * @param principal who did it
	 * @param action what was done
	 * @param resourceType the kind of resource
	 * @param from from this time, included
	 * @param to to this time, excluded
	 */
	public record Filter(@Nullable String principal, @Nullable String action, @Nullable String resourceType,
			@Nullable Instant from, @Nullable Instant to) {
	}

	/**
	 * A stored event.
	 *
	 * @param id its id in the chain
	 * @param event the event
	 * @param link its link
	 */
	public record Stored(long id, AuditEvent event, String link) {
	}

	private static @Nullable AuditEvent eventOf(ResultSet row) throws SQLException {
		try {
			OffsetDateTime at = row.getObject("occurred_at", OffsetDateTime.class);
			Instant time = Instant.ofEpochSecond(at.toEpochSecond(), row.getInt("time_nanos"));
			return new AuditEvent(time, row.getString("action"), row.getString("resource_type"),
					row.getString("resource_id"), Outcome.valueOf(row.getString("outcome")), row.getString("failure_code"),
					row.getString("principal"), row.getString("client_address"), row.getString("user_agent"),
					row.getString("request_id"), row.getString("trace_id"), decodeDetails(row.getString("details")));
		}
		catch (RuntimeException ex) {
			// a row no event can be made of was not written by this class
			return null;
		}
	}

	private void ensureHead() throws SQLException {
		if (this.headExists) {
			return;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (PreparedStatement find = connection
				.prepareStatement("SELECT 1 FROM hardening_audit_head WHERE chain = ?")) {
				find.setString(1, this.name);
				try (ResultSet row = find.executeQuery()) {
					if (row.next()) {
						this.headExists = true;
						return;
					}
				}
			}
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO hardening_audit_head (chain, last_id, last_link) VALUES (?, 0, ?)")) {
				insert.setString(1, this.name);
				insert.setString(2, AuditChain.GENESIS);
				insert.executeUpdate();
			}
			catch (SQLException ex) {
				// another thread or instance made it first; the lock below finds it
			}
			this.headExists = true;
		}
	}

	/** The details as {@code name=value&...}, each part percent-encoded, in name order. */
	static String encodeDetails(Map<String, String> details) {
		StringJoiner joined = new StringJoiner("&");
		details.forEach((name, value) -> joined.add(
				URLEncoder.encode(name, StandardCharsets.UTF_8) + '=' + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return joined.toString();
	}

	static Map<String, String> decodeDetails(String encoded) {
		Map<String, String> details = new TreeMap<>();
		if (encoded.isEmpty()) {
			return details;
		}
		for (String pair : encoded.split("&", -1)) {
			int equals = pair.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("Not an encoded detail");
			}
			details.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return details;
	}

	/**
	 * What a walk of the chain found.
	 *
	 * @param valid whether every event holds and none is missing
	 * @param events how many events held before the first broken one (all of them if valid)
	 * @param firstBroken the id of the first event that does not hold or is missing, {@code null}
	 * if valid
	 */
	public record Verification(boolean valid, long events, @Nullable Long firstBroken) {

		static Verification broken(long events, long firstBroken) {
			return new Verification(false, events, firstBroken);
		}

	}

}
