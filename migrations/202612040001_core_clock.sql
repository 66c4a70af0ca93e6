-- The kernel clock in SQL: core_now() is the instant the application's clock stands at. While a
-- test (or a tool) has set the clock, every transaction's prelude puts that instant in the
-- transaction-local setting vallamaja.now; otherwise the setting is empty and core_now() is now().
-- Rules in SQL (a voting window, a session's expiry) compare against core_now(), never now().
CREATE FUNCTION core_now() RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('vallamaja.now', true), '')::timestamptz, now()) $$;
GRANT EXECUTE ON FUNCTION core_now() TO vallamaja_app;

-- Every column that defaulted to the database's wall clock now defaults to the kernel clock.
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_default IN ('now()', 'CURRENT_TIMESTAMP')
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT core_now()', c.table_name, c.column_name);
  END LOOP;
END $$;
