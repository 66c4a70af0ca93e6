-- Core tables of the kernel: tenants, people, sessions, role grants, API keys, audit log.
-- Row-level security: the application runs its queries as the non-owner role vallamaja_app with
-- the tenant in the transaction-local setting vallamaja.kov (see src/kernel/db.ts).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vallamaja_app') THEN
    CREATE ROLE vallamaja_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database created it meanwhile
END $$;

DO $$
BEGIN
  -- A non-superuser owner must be a member of the role to SET ROLE to it.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT vallamaja_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO vallamaja_app;

-- A KOV (local government) is a tenant, keyed by its EHAK code.
CREATE TABLE core_tenant (
  kov_code      text PRIMARY KEY CHECK (kov_code ~ '^[0-9]{4}$'),
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('linn', 'vald')),
  county_code   text NOT NULL,
  ehak_version  text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON core_tenant TO vallamaja_app;

-- A person who has signed in. The personal ID code is stored only as a keyed hash (HMAC).
CREATE TABLE core_person (
  id             uuid PRIMARY KEY,
  idcode_hash    text NOT NULL UNIQUE,
  given_name     text NOT NULL,
  family_name    text NOT NULL,
  birth_date     date NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);
GRANT SELECT, INSERT, UPDATE ON core_person TO vallamaja_app;

-- Server-side sessions; the cookie holds a random id, the table its SHA-256.
CREATE TABLE core_session (
  id_hash        text PRIMARY KEY,
  person_id      uuid NOT NULL REFERENCES core_person(id),
  is_official    boolean NOT NULL DEFAULT false,
  acr            text NOT NULL,
  amr            text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  ended_at       timestamptz
);
CREATE INDEX core_session_person ON core_session (person_id) WHERE ended_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON core_session TO vallamaja_app;

-- Roles: platform roles have kov_code NULL; KOV roles name their KOV. Granted by ID code (hash),
-- so a role can be given to someone who has not signed in yet.
CREATE TABLE core_role_grant (
  id            uuid PRIMARY KEY,
  kov_code      text CHECK (kov_code ~ '^[0-9]{4}$'),
  idcode_hash   text NOT NULL,
  idcode_hint   text NOT NULL,
  role          text NOT NULL,
  granted_by    uuid,
  granted_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoked_by    uuid
);
CREATE UNIQUE INDEX core_role_grant_active ON core_role_grant (coalesce(kov_code, ''), idcode_hash, role) WHERE revoked_at IS NULL;
CREATE INDEX core_role_grant_person ON core_role_grant (idcode_hash) WHERE revoked_at IS NULL;
ALTER TABLE core_role_grant ENABLE ROW LEVEL SECURITY;
CREATE POLICY core_role_grant_tenant ON core_role_grant
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE ON core_role_grant TO vallamaja_app;

-- API keys for a KOV's own systems: shown once, stored as an Argon2id hash, scoped.
CREATE TABLE core_api_key (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  secret_hash   text NOT NULL,
  scopes        text[] NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    uuid
);
CREATE INDEX core_api_key_kov ON core_api_key (kov_code);
ALTER TABLE core_api_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY core_api_key_tenant ON core_api_key
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE ON core_api_key TO vallamaja_app;

-- Audit log: append-only, hash-chained per KOV ('0000' is the platform's own chain).
CREATE TABLE core_audit (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  seq           bigint NOT NULL,
  at            timestamptz NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('person', 'apikey', 'operator', 'system')),
  actor_id      text,
  actor_name    text NOT NULL,
  action        text NOT NULL,
  target_type   text,
  target_id     text,
  before        jsonb,
  after         jsonb,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  UNIQUE (kov_code, seq)
);
CREATE INDEX core_audit_kov_at ON core_audit (kov_code, at DESC);
ALTER TABLE core_audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY core_audit_tenant ON core_audit
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT ON core_audit TO vallamaja_app; -- never UPDATE or DELETE

CREATE TABLE core_audit_head (
  kov_code  text PRIMARY KEY CHECK (kov_code ~ '^[0-9]{4}$'),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);
ALTER TABLE core_audit_head ENABLE ROW LEVEL SECURITY;
CREATE POLICY core_audit_head_tenant ON core_audit_head
  USING (kov_code = current_setting('vallamaja.kov', true))
  WITH CHECK (kov_code = current_setting('vallamaja.kov', true));
GRANT SELECT, INSERT, UPDATE ON core_audit_head TO vallamaja_app;
