-- Rate limits shared by every app process on this database (src/kernel/rate-limit.ts): one row per
-- limited route (bucket) and client key, counting the hits of a fixed window that starts with the
-- key's first hit and ends at resets_at. A hit is one upsert; expired rows are swept now and then.
--
-- The key is stored only as a keyed digest (16 bytes of HMAC-SHA-256 of the address, or of SHA-256 of
-- a secret salt and the person's id, both keyed by the server secret): the table holds no IP address,
-- no person's id and nothing derived from a personal ID code that could be looked up.
--
-- UNLOGGED: counters need no crash safety and no copy on a standby, so the hot path writes no WAL.
-- After a crash or a fail-over the table starts empty, which only forgives the hits of one window.
CREATE UNLOGGED TABLE core_rate_limit (
  bucket     text        NOT NULL,   -- the limited route, e.g. 'GET /auth/login'
  key        bytea       NOT NULL,   -- digest of the client key (an IP address, or a person for the cast)
  hits       integer     NOT NULL,
  resets_at  timestamptz NOT NULL,
  PRIMARY KEY (bucket, key)
);
-- Only the kernel touches it, as the owner (db.systemStatement): vallamaja_app gets no grant.
