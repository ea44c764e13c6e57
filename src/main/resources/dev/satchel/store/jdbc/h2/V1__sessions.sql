-- Sessions, one row each. Times are epoch milliseconds.
-- Every statement is idempotent (IF NOT EXISTS): H2 commits DDL at once, so two processes opening the
-- database together may both run this file before one of them records the version.

CREATE TABLE IF NOT EXISTS satchel_session (
  id                   VARCHAR(64) PRIMARY KEY,
  -- JSON object text written by AttributeCodec; a large object so a big session is never cut off.
  attributes           CHARACTER LARGE OBJECT NOT NULL,
  created_at           BIGINT NOT NULL,
  last_accessed_at     BIGINT NOT NULL,
  -- Below zero: no idle limit.
  max_inactive_seconds INT NOT NULL,
  -- Zero: no absolute limit.
  absolute_deadline    BIGINT NOT NULL,
  -- The earlier of the idle and absolute limits (Long.MAX_VALUE for none), kept so cleanup is one range scan.
  expires_at           BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS satchel_session_expires_at ON satchel_session (expires_at);
