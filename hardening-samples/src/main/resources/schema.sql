-- The events table of the sample's activity feed: 10 000 rows, 7 per second of 2026-01-01 or so,
-- so that many share a timestamp and the id breaks the tie. Plain SQL that both the embedded H2
-- and PostgreSQL (SPRING_DATASOURCE_URL) run, and run again at every start without harm.
CREATE TABLE IF NOT EXISTS events (
  id          BIGINT PRIMARY KEY,
  project_id  BIGINT NOT NULL,
  type        VARCHAR(32) NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS events_occurred_at_id ON events (occurred_at, id);

INSERT INTO events (id, project_id, type, occurred_at)
WITH RECURSIVE numbers (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM numbers WHERE x < 10000)
SELECT x, 1 + MOD(x, 25),
       CASE MOD(x, 3) WHEN 0 THEN 'created' WHEN 1 THEN 'updated' ELSE 'archived' END,
       TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + (x / 7) * INTERVAL '1' SECOND
FROM numbers
WHERE NOT EXISTS (SELECT 1 FROM events);
