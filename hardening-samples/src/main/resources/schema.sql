-- The events table of the sample's activity feed, in the in-memory H2 database. 10 000 rows,
-- 7 per second of 2026-01-01 or so, so that many share a timestamp and the id breaks the tie.
CREATE TABLE events (
  id          BIGINT PRIMARY KEY,
  project_id  BIGINT NOT NULL,
  type        VARCHAR(32) NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX events_occurred_at_id ON events (occurred_at, id);

INSERT INTO events (id, project_id, type, occurred_at)
SELECT X, 1 + MOD(X, 25),
       CASE MOD(X, 3) WHEN 0 THEN 'created' WHEN 1 THEN 'updated' ELSE 'archived' END,
       DATEADD('SECOND', X / 7, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')
FROM SYSTEM_RANGE(1, 10000);
