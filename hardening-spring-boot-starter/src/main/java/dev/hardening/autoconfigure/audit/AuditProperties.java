package dev.hardening.autoconfigure.audit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Audit trail settings.
 */
@ConfigurationProperties("hardening.audit")
public class AuditProperties {

	/**
	 * Whether @Audited methods record audit events.
	 */
	private boolean enabled = true;

	/**
	 * Where events go: "log" (a JSON event on the hardening.audit logger), "jdbc" (the
	 * hardening_audit_event table, with a verifiable hash chain) or "repository" (Spring Boot's
	 * AuditEventRepository).
	 */
	private Sink sink = Sink.LOG;

	/**
	 * Key of the HMAC hash chain that links each event to the one before, at least 32 bytes of text,
	 * such as the output of "openssl rand -base64 32". Required by the jdbc sink. Set it from the
	 * environment or a mounted secret, never in a packaged file.
	 */
	private @Nullable String chainKey;

	/**
	 * Name of the chain in the jdbc sink's tables, so that several applications can share them.
	 */
	private String chain = "default";

	/**
	 * What an audited call does when its event cannot be written: "open" (it succeeds; the failure
	 * is counted and logged) or "closed" (it fails with a 503 problem AUDIT_UNAVAILABLE, and a
	 * transaction it runs in is rolled back).
	 */
	private FailMode failMode = FailMode.OPEN;

	/**
	 * How many events may wait to be written by a background thread, so that audited calls do not
	 * wait for the sink; 0 writes each event in its call. Nothing is dropped: when the queue is
	 * full, the call writes its own event; on shutdown the queue is drained. Only with fail-mode
	 * open (a queued event cannot fail its call), and outside the call's transaction.
	 */
	private int queueCapacity;

	private final Jdbc jdbc = new Jdbc();

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Sink getSink() {
		return this.sink;
	}

	public void setSink(Sink sink) {
		this.sink = sink;
	}

	public @Nullable String getChainKey() {
		return this.chainKey;
	}

	public void setChainKey(@Nullable String chainKey) {
		this.chainKey = chainKey;
	}

	public String getChain() {
		return this.chain;
	}

	public void setChain(String chain) {
		this.chain = chain;
	}

	public FailMode getFailMode() {
		return this.failMode;
	}

	public void setFailMode(FailMode failMode) {
		this.failMode = failMode;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/** Where events go. */
	public enum Sink {

		/** A JSON event on the hardening.audit logger. */
		LOG,

		/** The hardening_audit_event table. */
		JDBC,

		/** Spring Boot's AuditEventRepository. */
		REPOSITORY

	}

	/** What an audited call does when its event cannot be written. */
	public enum FailMode {

		/** The call succeeds; the failure is counted and logged. */
		OPEN,

		/** The call fails with a 503 problem. */
		CLOSED

	}

	/**
	 * The jdbc sink.
	 */
	public static class Jdbc {

		/**
		 * When to create the audit tables at startup: "always", "embedded" (only on an embedded
		 * database, as Spring Boot's own JDBC-backed features do) or "never" (a Flyway or Liquibase
		 * migration runs the shipped DDL, dev/hardening/audit/schema-postgresql.sql or
		 * schema-h2.sql).
		 */
		private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

		public InitializeSchema getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(InitializeSchema initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

	/**
	 * When to create the audit tables, as Spring Boot's DatabaseInitializationMode (not used itself,
	 * so that applications without JDBC need not have spring-boot-sql).
	 */
	public enum InitializeSchema {

		/** At every start. */
		ALWAYS,

		/** Only on an embedded database. */
		EMBEDDED,

		/** Never: a migration creates them. */
		NEVER

	}

}
