-- Tenant safety that needs no memory: one helper makes a table a tenant table, in one line of a
-- module's migration:
--
--     SELECT core_tenant_table('reports_report', 'SELECT, INSERT, UPDATE');
--
-- It enables and FORCES row-level security (so the owner is subject to it too), creates
--   <table>_tenant  for every role: the rows of the transaction's KOV (vallamaja.kov, set by db.tx),
--   <table>_system  for the owner: every row, but only in a transaction that says it is system work
--                   (vallamaja.system = 'on', set by db.system / db.bulk in src/kernel/db.ts),
-- and grants the app role (vallamaja_app) the given privileges. test/tenancy.test.ts reads the
-- catalogue and fails for any table with a kov_code column that is not set up like this.
CREATE FUNCTION core_tenant_table(tbl regclass, privileges text DEFAULT 'SELECT, INSERT, UPDATE, DELETE') RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  name text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'kov_code' AND NOT attisdropped) THEN
    RAISE EXCEPTION 'core_tenant_table: % has no kov_code column', name;
  END IF;
  IF privileges !~ '^\s*(SELECT|INSERT|UPDATE|DELETE)(\s*,\s*(SELECT|INSERT|UPDATE|DELETE))*\s*$' THEN
    RAISE EXCEPTION 'core_tenant_table: privileges must be a list of SELECT, INSERT, UPDATE, DELETE (got %)', privileges;
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS %I ON %s', name || '_tenant', tbl);
  EXECUTE format($p$CREATE POLICY %I ON %s
                     USING (kov_code = current_setting('vallamaja.kov', true))
                     WITH CHECK (kov_code = current_setting('vallamaja.kov', true))$p$, name || '_tenant', tbl);
  EXECUTE format('DROP POLICY IF EXISTS %I ON %s', name || '_system', tbl);
  EXECUTE format($p$CREATE POLICY %I ON %s TO %I
                     USING (current_setting('vallamaja.system', true) = 'on')
                     WITH CHECK (current_setting('vallamaja.system', true) = 'on')$p$, name || '_system', tbl, current_user);
  EXECUTE format('GRANT %s ON %s TO vallamaja_app', privileges, tbl);
END
$fn$;

-- The tables that exist, with the privileges they had.
SELECT core_tenant_table('core_role_grant', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('core_api_key', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('core_audit', 'SELECT, INSERT');
SELECT core_tenant_table('core_audit_head', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('residents_batch');
SELECT core_tenant_table('residents_person');
SELECT core_tenant_table('residents_current');
SELECT core_tenant_table('residents_list');
SELECT core_tenant_table('residents_list_member');
SELECT core_tenant_table('residents_fetch');
SELECT core_tenant_table('voting_vote', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('voting_roll', 'SELECT, INSERT, DELETE');
SELECT core_tenant_table('voting_ballot');
SELECT core_tenant_table('voting_participation', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('voting_entry', 'SELECT, INSERT');
SELECT core_tenant_table('voting_decryption', 'SELECT, INSERT');
SELECT core_tenant_table('voting_certification', 'SELECT, INSERT');
SELECT core_tenant_table('polls_poll', 'SELECT, INSERT, UPDATE');
SELECT core_tenant_table('polls_voter');

-- The tenants themselves are public (every page lists KOVs): everyone may read them; only the
-- owner's system work (the classifier import) writes them.
ALTER TABLE core_tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE core_tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY core_tenant_public ON core_tenant FOR SELECT USING (true);
DO $$
BEGIN
  EXECUTE format($p$CREATE POLICY core_tenant_system ON core_tenant TO %I
                     USING (current_setting('vallamaja.system', true) = 'on')
                     WITH CHECK (current_setting('vallamaja.system', true) = 'on')$p$, current_user);
END $$;
