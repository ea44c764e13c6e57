-- PostgreSQL: how many updates of a session row are HOT (heap-only, no new index entries) when expires_at
-- is stored exactly vs rounded down to the minute (schema V7). Two copies of satchel_session's shape, 1 000
-- rows each, then 100 000 single-statement transactions per table, 7 ms of simulated time apart.
-- Run: psql -h 127.0.0.1 -U postgres -d test -f bench/pg-hot-updates.sql   (drops its two tables at the end)
DROP TABLE IF EXISTS hot_exact, hot_rounded;
CREATE TABLE hot_exact (id VARCHAR(64) PRIMARY KEY, attributes TEXT NOT NULL, created_at BIGINT NOT NULL, last_accessed_at BIGINT NOT NULL, max_inactive_seconds INT NOT NULL, absolute_deadline BIGINT NOT NULL, expires_at BIGINT NOT NULL, user_id VARCHAR(255), revision BIGINT DEFAULT 0 NOT NULL) WITH (fillfactor = 80);
CREATE INDEX ON hot_exact (expires_at); CREATE INDEX ON hot_exact (user_id);
CREATE TABLE hot_rounded (LIKE hot_exact INCLUDING ALL) WITH (fillfactor = 80);
INSERT INTO hot_exact SELECT 'id-' || g, '{"name":"John","visits":1}', 0, 0, 1800, 0, 1800000, NULL, 0 FROM generate_series(1, 1000) g;
INSERT INTO hot_rounded SELECT * FROM hot_exact;
\timing on
DO $$ DECLARE i INT; now BIGINT; BEGIN
  FOR i IN 1..100000 LOOP now := 1764150000000 + i * 7;
    UPDATE hot_exact SET attributes = '{"name":"John","visits":' || i || '}', last_accessed_at = now, expires_at = now + 1800000, revision = revision + 1 WHERE id = 'id-' || (i % 1000 + 1); COMMIT;
  END LOOP; END $$;
DO $$ DECLARE i INT; now BIGINT; BEGIN
  FOR i IN 1..100000 LOOP now := 1764150000000 + i * 7;
    UPDATE hot_rounded SET attributes = '{"name":"John","visits":' || i || '}', last_accessed_at = now, expires_at = (now + 1800000) / 60000 * 60000, revision = revision + 1 WHERE id = 'id-' || (i % 1000 + 1); COMMIT;
  END LOOP; END $$;
\timing off
SELECT pg_sleep(1);
SELECT relname, n_tup_upd, n_tup_hot_upd, pg_size_pretty(pg_total_relation_size(relid)) AS size, pg_size_pretty(pg_indexes_size(relid)) AS indexes FROM pg_stat_user_tables WHERE relname LIKE 'hot_%' ORDER BY relname;
DROP TABLE hot_exact, hot_rounded;
