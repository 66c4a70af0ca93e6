-- Reports by settlement unit: the median time to the first response and to closing per unit
-- (docs/reports-analytics.md). reports_unit_monthly holds counts only, and a median cannot be added up
-- from counts, so a narrow companion rollup holds the time histograms, exactly as reports_daily_speed
-- does for the main dashboard (same 64 log-spaced buckets, reports_time_bucket):
--
--   reports_unit_speed  (KOV, Tallinn month of confirmed_at, unit, domain) → res: the time from received
--                       to closed of the closed reports; fa: the time from received to the first action
--
-- (unit '' = not located). reports_unit_monthly is left as it was (its readers and its trigger are
-- unchanged). Kept by its own trigger on reports_report in the same transaction as every report
-- change, firing only when a column it uses changes. The reader uses it only above the exact-
-- percentile limit; below it the medians are exact (percentile_cont over the reports).

CREATE TABLE reports_unit_speed (
  kov_code    text NOT NULL,
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  unit_code   text NOT NULL,
  domain      text NOT NULL,
  res         int[] NOT NULL,
  fa          int[] NOT NULL,
  PRIMARY KEY (kov_code, month, unit_code, domain)
);
SELECT core_tenant_table('reports_unit_speed', 'SELECT, INSERT, UPDATE, DELETE');

-- Adds (sgn 1) or subtracts (sgn -1) one report's times (INSERT … ON CONFLICT takes the row lock).
CREATE FUNCTION reports_unit_speed_apply(r reports_report, sgn int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  cl boolean;
  rb int;
  fb int;
BEGIN
  IF r.confirmed_at IS NULL OR r.status = 'unconfirmed' THEN RETURN; END IF;
  cl := r.status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND r.closed_at IS NOT NULL;
  rb := CASE WHEN cl THEN reports_time_bucket(extract(epoch FROM r.closed_at - r.confirmed_at)::double precision) END;
  fb := reports_time_bucket(extract(epoch FROM r.first_action_at - r.confirmed_at)::double precision);
  IF rb IS NULL AND fb IS NULL THEN RETURN; END IF;
  INSERT INTO reports_unit_speed AS x (kov_code, month, unit_code, domain, res, fa)
  VALUES (r.kov_code, date_trunc('month', r.confirmed_at AT TIME ZONE 'Europe/Tallinn')::date, coalesce(r.unit_code, ''), r.domain,
          reports_hist_one(rb, sgn), reports_hist_one(fb, sgn))
  ON CONFLICT (kov_code, month, unit_code, domain) DO UPDATE SET
    res = CASE WHEN rb IS NULL THEN x.res ELSE reports_hist_add(x.res, EXCLUDED.res) END,
    fa = CASE WHEN fb IS NULL THEN x.fa ELSE reports_hist_add(x.fa, EXCLUDED.fa) END;
END
$$;

CREATE FUNCTION reports_unit_speed_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM reports_unit_speed_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM reports_unit_speed_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER reports_unit_speed_sync AFTER INSERT OR DELETE ON reports_report
  FOR EACH ROW EXECUTE FUNCTION reports_unit_speed_sync();
CREATE TRIGGER reports_unit_speed_sync_update AFTER UPDATE ON reports_report
  FOR EACH ROW WHEN ((OLD.kov_code, OLD.confirmed_at, OLD.status, OLD.domain, OLD.unit_code, OLD.closed_at, OLD.first_action_at)
                     IS DISTINCT FROM
                     (NEW.kov_code, NEW.confirmed_at, NEW.status, NEW.domain, NEW.unit_code, NEW.closed_at, NEW.first_action_at))
  EXECUTE FUNCTION reports_unit_speed_sync();

-- Recounted from scratch, set-based (the backfill below; the bench after a bulk load with the trigger
-- disabled). Run by the owner in system mode (vallamaja.system = 'on').
CREATE FUNCTION reports_unit_speed_rebuild() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM reports_unit_speed;
  INSERT INTO reports_unit_speed (kov_code, month, unit_code, domain, res, fa)
  SELECT kov_code, month, unit_code, domain,
         reports_hist_of(coalesce(array_agg(rb) FILTER (WHERE rb IS NOT NULL), '{}')),
         reports_hist_of(coalesce(array_agg(fb) FILTER (WHERE fb IS NOT NULL), '{}'))
    FROM (SELECT kov_code, date_trunc('month', confirmed_at AT TIME ZONE 'Europe/Tallinn')::date AS month, coalesce(unit_code, '') AS unit_code, domain,
                 CASE WHEN status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND closed_at IS NOT NULL
                      THEN reports_time_bucket(extract(epoch FROM closed_at - confirmed_at)::double precision) END AS rb,
                 reports_time_bucket(extract(epoch FROM first_action_at - confirmed_at)::double precision) AS fb
            FROM reports_report WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed') r
   WHERE rb IS NOT NULL OR fb IS NOT NULL
   GROUP BY 1, 2, 3, 4;
$$;

SELECT set_config('vallamaja.system', 'on', true);
SELECT reports_unit_speed_rebuild();
SELECT set_config('vallamaja.system', 'off', true);
