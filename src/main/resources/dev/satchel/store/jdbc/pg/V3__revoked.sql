-- Sessions ended before their own expiry in a store that keeps no server copy (session.store=cookie):
-- a signed cookie stays valid until the expiry inside it, so logout and "sign out everywhere" record the
-- session id here (or 'user:' and the user name, with the moment of revocation), kept until no cookie it
-- covers can still be live. Idempotent, like every schema file; PostgreSQL runs it in one transaction with its version row.

CREATE TABLE IF NOT EXISTS satchel_revoked (
  -- A session id, or 'user:' followed by a user name (every session of that user last used before revoked_at).
  id         VARCHAR(320) PRIMARY KEY,
  revoked_at BIGINT NOT NULL,
  -- When the row can go: no cookie it covers is live after this (Long.MAX_VALUE: kept for good).
  expires_at BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS satchel_revoked_expires_at ON satchel_revoked (expires_at);
