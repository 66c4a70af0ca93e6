-- Reports analytics by settlement unit (issue 10, item 7: "volumes … by settlement unit"). A report
-- carries the EHAK settlement unit it was routed to (reports_report.unit_code, set from the imported
-- boundaries; NULL when the point lies in no imported unit or the report has no point).
--
-- A narrow rollup of its own, NOT a wider key of reports_daily: one KOV's main dashboard reads
-- reports_daily per day × domain × category, and putting the unit into that key multiplied its rows
-- (one-KOV p95 from ~38 ms to 640 ms on 1,000,000 reports). The unit view needs only
--
--   reports_unit_monthly  (KOV, Tallinn month of confirmed_at, unit, domain) → reports, open, closed,
--                         closed with a target, closed on time
--
-- (unit '' = not located). It is kept by its own trigger on reports_report, in the same transaction
-- as every report change (subtract the old row's contribution, add the new one), and fires only when
-- a column it counts changes, so the main rollup's work and locks are unchanged. Zero rows stay (the
-- reader skips n = 0).

CREATE TABLE reports_unit_monthly (
  kov_code    text NOT NULL,
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  unit_code   text NOT NULL,
  domain      text NOT NULL,
  n           int NOT NULL DEFAULT 0,
  open        int NOT NULL DEFAULT 0,
  closed      int NOT NULL DEFAULT 0,
  with_target int NOT NULL DEFAULT 0,
  on_time     int NOT NULL DEFAULT 0,
  PRIMARY KEY (kov_code, month, unit_code, domain)
);
SELECT core_tenant_table('reports_unit_monthly', 'SELECT, INSERT, UPDATE, DELETE');

-- Adds (sgn 1) or subtracts (sgn -1) one report's contribution (INSERT … ON CONFLICT takes the row
-- lock: concurrent changes of the same cell add up exactly).
CREATE FUNCTION reports_unit_apply(r reports_report, sgn int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  op boolean;
  cl boolean;
BEGIN
  IF r.confirmed_at IS NULL OR r.status = 'unconfirmed' THEN RETURN; END IF;
  op := r.status IN ('received', 'in_progress', 'scheduled', 'reopened');
  cl := NOT op AND r.closed_at IS NOT NULL;
  INSERT INTO reports_unit_monthly AS x (kov_code, month, unit_code, domain, n, open, closed, with_target, on_time)
  VALUES (r.kov_code, date_trunc('month', r.confirmed_at AT TIME ZONE 'Europe/Tallinn')::date, coalesce(r.unit_code, ''), r.domain, sgn,
          CASE WHEN op THEN sgn ELSE 0 END,
          CASE WHEN cl THEN sgn ELSE 0 END,
          CASE WHEN cl AND r.expected_at IS NOT NULL THEN sgn ELSE 0 END,
          CASE WHEN cl AND r.closed_at <= r.expected_at THEN sgn ELSE 0 END)
  ON CONFLICT (kov_code, month, unit_code, domain) DO UPDATE SET
    n = x.n + EXCLUDED.n, open = x.open + EXCLUDED.open, closed = x.closed + EXCLUDED.closed,
    with_target = x.with_target + EXCLUDED.with_target, on_time = x.on_time + EXCLUDED.on_time;
END
$$;

CREATE FUNCTION reports_unit_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM reports_unit_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM reports_unit_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER reports_unit_sync AFTER INSERT OR DELETE ON reports_report
  FOR EACH ROW EXECUTE FUNCTION reports_unit_sync();
-- only the columns this rollup counts: a note, an answer, feedback or the first action leave it alone
CREATE TRIGGER reports_unit_sync_update AFTER UPDATE ON reports_report
  FOR EACH ROW WHEN ((OLD.kov_code, OLD.confirmed_at, OLD.status, OLD.domain, OLD.unit_code, OLD.expected_at, OLD.closed_at)
                     IS DISTINCT FROM
                     (NEW.kov_code, NEW.confirmed_at, NEW.status, NEW.domain, NEW.unit_code, NEW.expected_at, NEW.closed_at))
  EXECUTE FUNCTION reports_unit_sync();

-- The unit rollup recounted from scratch, set-based (the backfill below; the bench after a bulk load
-- with the trigger disabled). Run by the owner in system mode (vallamaja.system = 'on').
CREATE FUNCTION reports_unit_rebuild() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM reports_unit_monthly;
  INSERT INTO reports_unit_monthly (kov_code, month, unit_code, domain, n, open, closed, with_target, on_time)
  SELECT kov_code, date_trunc('month', confirmed_at AT TIME ZONE 'Europe/Tallinn')::date, coalesce(unit_code, ''), domain,
         count(*), count(*) FILTER (WHERE NOT cl AND status IN ('received', 'in_progress', 'scheduled', 'reopened')),
         count(*) FILTER (WHERE cl), count(*) FILTER (WHERE cl AND expected_at IS NOT NULL), count(*) FILTER (WHERE cl AND closed_at <= expected_at)
    FROM (SELECT *, status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND closed_at IS NOT NULL AS cl
            FROM reports_report WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed') r
   GROUP BY 1, 2, 3, 4;
$$;

SELECT set_config('vallamaja.system', 'on', true);
SELECT reports_unit_rebuild();
