-- The audit log of dev.hardening.audit.JdbcAuditLog, for H2. Run it from a Flyway or
-- Liquibase migration, or let the starter run it (hardening.audit.jdbc.initialize-schema).
CREATE TABLE IF NOT EXISTS hardening_audit_head (
  chain      VARCHAR(64) PRIMARY KEY,
  last_id    BIGINT NOT NULL,
  last_link  CHAR(64) NOT NULL
);

CREATE TABLE IF NOT EXISTS hardening_audit_event (
  chain           VARCHAR(64) NOT NULL,
  id              BIGINT NOT NULL,
  occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  time_nanos      INTEGER NOT NULL,
  action          VARCHAR(200) NOT NULL,
  resource_type   VARCHAR(200) NOT NULL,
  resource_id     VARCHAR(500),
  outcome         VARCHAR(16) NOT NULL,
  failure_code    VARCHAR(100),
  principal       VARCHAR(500),
  client_address  VARCHAR(100),
  user_agent      VARCHAR(1600),
  request_id      VARCHAR(128),
  trace_id        VARCHAR(64),
  details         CLOB NOT NULL,
  link            CHAR(64) NOT NULL,
  PRIMARY KEY (chain, id)
);

CREATE INDEX IF NOT EXISTS hardening_audit_event_principal ON hardening_audit_event (principal, occurred_at);
CREATE INDEX IF NOT EXISTS hardening_audit_event_resource ON hardening_audit_event (resource_type, resource_id);
