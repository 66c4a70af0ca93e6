-- Reports analytics, pre-aggregated (issue 10, item 7: p95 < 50 ms for one KOV's dashboard and < 1 s
-- for the all-KOV one over 1,000,000 reports). Two rollup tables, kept current by a trigger on
-- reports_report in the same transaction as every report change (the trigger subtracts the old row's
-- contribution and adds the new one):
--
--   reports_daily        (KOV, Tallinn day of confirmed_at, domain, category) → the additive counts of
--                        the dashboard (reports, open, per status, closed, with a target, on time,
--                        answers, yes/no, satisfaction count, sum and 1–5 distribution, re-opened and
--                        re-opened open again); one row per day and category (statuses are columns,
--                        so a KOV's year is at most 365 × its categories rows);
--   reports_daily_speed  (KOV, day, domain, category) → histograms of the time from received to
--                        closed (closed reports) and to the first action, in 64 log-spaced buckets:
--                        bucket 1 = [0, 1 min), bucket k (2…63) = [60·1.25^(k-2), 60·1.25^(k-1)) seconds,
--                        bucket 64 = 60·1.25^62 s (about two years) and more. Medians and 90th
--                        percentiles are read from them (approximate to the bucket: ±12.5 %).
--
-- Only confirmed reports count (confirmed_at set, status not 'unconfirmed'), as in the live queries.
-- The reopen rate needs to know whether a report was ever re-opened (a 'reopened' event): the report
-- row carries that as `reopened`, set by a trigger on reports_event in the same transaction as the
-- event, so the rollup can count it. Not rolled up: "overdue" (open and past the expected-by date)
-- depends on the clock; it is counted live from the small partial index of the open reports below.
-- Zero rows are left in place (a report moving away leaves n = 0); the readers skip them.

ALTER TABLE reports_report ADD COLUMN reopened boolean NOT NULL DEFAULT false;
UPDATE reports_report r SET reopened = true
 WHERE EXISTS (SELECT 1 FROM reports_event e WHERE e.kov_code = r.kov_code AND e.report_id = r.id AND e.kind = 'reopened');

CREATE FUNCTION reports_mark_reopened() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reports_report SET reopened = true WHERE kov_code = NEW.kov_code AND id = NEW.report_id AND NOT reopened;
  RETURN NULL;
END
$$;

CREATE TRIGGER reports_mark_reopened AFTER INSERT ON reports_event
  FOR EACH ROW WHEN (NEW.kind = 'reopened') EXECUTE FUNCTION reports_mark_reopened();

CREATE TABLE reports_daily (
  kov_code    text NOT NULL,
  day         date NOT NULL,
  domain      text NOT NULL,
  category_id uuid NOT NULL,
  n           int NOT NULL DEFAULT 0,
  open        int NOT NULL DEFAULT 0,
  st_received    int NOT NULL DEFAULT 0,
  st_in_progress int NOT NULL DEFAULT 0,
  st_scheduled   int NOT NULL DEFAULT 0,
  st_reopened    int NOT NULL DEFAULT 0,
  st_fixed       int NOT NULL DEFAULT 0,
  st_forwarded   int NOT NULL DEFAULT 0,
  st_duplicate   int NOT NULL DEFAULT 0,
  st_closed      int NOT NULL DEFAULT 0,
  closed      int NOT NULL DEFAULT 0,
  with_target int NOT NULL DEFAULT 0,
  on_time     int NOT NULL DEFAULT 0,
  responses   int NOT NULL DEFAULT 0,
  fixed_yes   int NOT NULL DEFAULT 0,
  fixed_no    int NOT NULL DEFAULT 0,
  sat_n       int NOT NULL DEFAULT 0,
  sat_sum     int NOT NULL DEFAULT 0,
  s1          int NOT NULL DEFAULT 0,
  s2          int NOT NULL DEFAULT 0,
  s3          int NOT NULL DEFAULT 0,
  s4          int NOT NULL DEFAULT 0,
  s5          int NOT NULL DEFAULT 0,
  reopened    int NOT NULL DEFAULT 0,
  reopened_open int NOT NULL DEFAULT 0,
  PRIMARY KEY (kov_code, day, domain, category_id)
);
SELECT core_tenant_table('reports_daily', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_daily_day ON reports_daily (day);

CREATE TABLE reports_daily_speed (
  kov_code    text NOT NULL,
  day         date NOT NULL,
  domain      text NOT NULL,
  category_id uuid NOT NULL,
  res         int[] NOT NULL,
  fa          int[] NOT NULL,
  PRIMARY KEY (kov_code, day, domain, category_id)
);
SELECT core_tenant_table('reports_daily_speed', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_daily_speed_day ON reports_daily_speed (day);

-- The open confirmed reports by received time, for "overdue" (a live count against the clock).
CREATE INDEX reports_report_open_received ON reports_report (kov_code, confirmed_at)
  INCLUDE (domain, category_id, status, expected_at)
  WHERE confirmed_at IS NOT NULL AND status IN ('received', 'in_progress', 'scheduled', 'reopened');
CREATE INDEX reports_report_open_received_all ON reports_report (confirmed_at)
  INCLUDE (kov_code, domain, category_id, status, expected_at)
  WHERE confirmed_at IS NOT NULL AND status IN ('received', 'in_progress', 'scheduled', 'reopened');

-- The histogram bucket (1…64) of a duration in seconds (negative: 1).
CREATE FUNCTION reports_time_bucket(secs double precision) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN secs IS NULL THEN NULL
              WHEN secs < 60 THEN 1
              ELSE least(64, 2 + floor(ln(secs / 60) / ln(1.25))::int) END
$$;

-- A histogram with one entry `v` in bucket `b` (none if b is null).
CREATE FUNCTION reports_hist_one(b int, v int) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE a int[] := array_fill(0, ARRAY[64]);
BEGIN
  IF b IS NOT NULL THEN a[b] := v; END IF;
  RETURN a;
END
$$;

-- Two histograms added bucket by bucket.
CREATE FUNCTION reports_hist_add(a int[], b int[]) RETURNS int[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

-- A histogram of a list of bucket numbers.
CREATE FUNCTION reports_hist_of(bs int[]) RETURNS int[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(coalesce(u.c, 0) ORDER BY i)
    FROM generate_series(1, 64) i
    LEFT JOIN (SELECT b, count(*)::int AS c FROM unnest(bs) b GROUP BY b) u ON u.b = i
$$;

-- Adds (sgn 1) or subtracts (sgn -1) one report's contribution. Concurrency-safe: INSERT … ON CONFLICT
-- DO UPDATE takes the row lock, so concurrent changes to reports of the same cell add up exactly.
CREATE FUNCTION reports_daily_apply(r reports_report, sgn int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  op boolean;
  cl boolean;
  rb int;
  fb int;
BEGIN
  IF r.confirmed_at IS NULL OR r.status = 'unconfirmed' THEN RETURN; END IF;
  d := (r.confirmed_at AT TIME ZONE 'Europe/Tallinn')::date;
  cl := r.status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND r.closed_at IS NOT NULL;
  op := r.status IN ('received', 'in_progress', 'scheduled', 'reopened');
  INSERT INTO reports_daily AS x (kov_code, day, domain, category_id, n, open, st_received, st_in_progress, st_scheduled, st_reopened, st_fixed, st_forwarded, st_duplicate, st_closed,
                                  closed, with_target, on_time, responses, fixed_yes, fixed_no, sat_n, sat_sum, s1, s2, s3, s4, s5,
                                  reopened, reopened_open)
  VALUES (r.kov_code, d, r.domain, r.category_id, sgn, CASE WHEN op THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'received' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'in_progress' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'scheduled' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'reopened' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'fixed' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'forwarded' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'duplicate' THEN sgn ELSE 0 END,
          CASE WHEN r.status = 'closed' THEN sgn ELSE 0 END,

          CASE WHEN cl THEN sgn ELSE 0 END,
          CASE WHEN cl AND r.expected_at IS NOT NULL THEN sgn ELSE 0 END,
          CASE WHEN cl AND r.closed_at <= r.expected_at THEN sgn ELSE 0 END,
          CASE WHEN r.fixed_answer IS NOT NULL OR r.satisfaction IS NOT NULL THEN sgn ELSE 0 END,
          CASE WHEN r.fixed_answer THEN sgn ELSE 0 END,
          CASE WHEN NOT r.fixed_answer THEN sgn ELSE 0 END,
          CASE WHEN r.satisfaction IS NOT NULL THEN sgn ELSE 0 END,
          coalesce(r.satisfaction, 0) * sgn,
          CASE WHEN r.satisfaction = 1 THEN sgn ELSE 0 END,
          CASE WHEN r.satisfaction = 2 THEN sgn ELSE 0 END,
          CASE WHEN r.satisfaction = 3 THEN sgn ELSE 0 END,
          CASE WHEN r.satisfaction = 4 THEN sgn ELSE 0 END,
          CASE WHEN r.satisfaction = 5 THEN sgn ELSE 0 END,
          CASE WHEN r.reopened THEN sgn ELSE 0 END,
          CASE WHEN r.reopened AND op THEN sgn ELSE 0 END)
  ON CONFLICT (kov_code, day, domain, category_id) DO UPDATE SET
    n = x.n + EXCLUDED.n, open = x.open + EXCLUDED.open,
    st_received = x.st_received + EXCLUDED.st_received, st_in_progress = x.st_in_progress + EXCLUDED.st_in_progress, st_scheduled = x.st_scheduled + EXCLUDED.st_scheduled, st_reopened = x.st_reopened + EXCLUDED.st_reopened, st_fixed = x.st_fixed + EXCLUDED.st_fixed, st_forwarded = x.st_forwarded + EXCLUDED.st_forwarded, st_duplicate = x.st_duplicate + EXCLUDED.st_duplicate, st_closed = x.st_closed + EXCLUDED.st_closed,
    closed = x.closed + EXCLUDED.closed, with_target = x.with_target + EXCLUDED.with_target,
    on_time = x.on_time + EXCLUDED.on_time, responses = x.responses + EXCLUDED.responses,
    fixed_yes = x.fixed_yes + EXCLUDED.fixed_yes, fixed_no = x.fixed_no + EXCLUDED.fixed_no,
    sat_n = x.sat_n + EXCLUDED.sat_n, sat_sum = x.sat_sum + EXCLUDED.sat_sum,
    s1 = x.s1 + EXCLUDED.s1, s2 = x.s2 + EXCLUDED.s2, s3 = x.s3 + EXCLUDED.s3, s4 = x.s4 + EXCLUDED.s4, s5 = x.s5 + EXCLUDED.s5,
    reopened = x.reopened + EXCLUDED.reopened, reopened_open = x.reopened_open + EXCLUDED.reopened_open;
  rb := CASE WHEN cl THEN reports_time_bucket(extract(epoch FROM r.closed_at - r.confirmed_at)::double precision) END;
  fb := reports_time_bucket(extract(epoch FROM r.first_action_at - r.confirmed_at)::double precision);
  IF rb IS NOT NULL OR fb IS NOT NULL THEN
    INSERT INTO reports_daily_speed AS x (kov_code, day, domain, category_id, res, fa)
    VALUES (r.kov_code, d, r.domain, r.category_id, reports_hist_one(rb, sgn), reports_hist_one(fb, sgn))
    ON CONFLICT (kov_code, day, domain, category_id) DO UPDATE SET
      res = CASE WHEN rb IS NULL THEN x.res ELSE reports_hist_add(x.res, EXCLUDED.res) END,
      fa = CASE WHEN fb IS NULL THEN x.fa ELSE reports_hist_add(x.fa, EXCLUDED.fa) END;
  END IF;
END
$$;

CREATE FUNCTION reports_daily_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM reports_daily_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM reports_daily_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

-- An update that leaves every counted column as it was (a note, an answer, an assignee, updated_at)
-- does not touch the rollup, so it takes no lock on the rollup's rows: only changes that move counts
-- (status, times, feedback, category …) wait for a concurrent change of the same day and category.
CREATE TRIGGER reports_daily_sync AFTER INSERT OR DELETE ON reports_report
  FOR EACH ROW EXECUTE FUNCTION reports_daily_sync();
CREATE TRIGGER reports_daily_sync_update AFTER UPDATE ON reports_report
  FOR EACH ROW WHEN ((OLD.kov_code, OLD.confirmed_at, OLD.status, OLD.domain, OLD.category_id, OLD.expected_at, OLD.first_action_at,
                      OLD.closed_at, OLD.fixed_answer, OLD.satisfaction, OLD.reopened)
                     IS DISTINCT FROM
                     (NEW.kov_code, NEW.confirmed_at, NEW.status, NEW.domain, NEW.category_id, NEW.expected_at, NEW.first_action_at,
                      NEW.closed_at, NEW.fixed_answer, NEW.satisfaction, NEW.reopened))
  EXECUTE FUNCTION reports_daily_sync();

-- The rollup recounted from scratch, set-based (the backfill below; the bench after a bulk load with
-- the trigger disabled). Run by the owner in system mode (vallamaja.system = 'on').
CREATE FUNCTION reports_daily_rebuild() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM reports_daily;
  DELETE FROM reports_daily_speed;
  INSERT INTO reports_daily (kov_code, day, domain, category_id, n, open, st_received, st_in_progress, st_scheduled, st_reopened, st_fixed, st_forwarded, st_duplicate, st_closed,
                             closed, with_target, on_time, responses, fixed_yes, fixed_no, sat_n, sat_sum, s1, s2, s3, s4, s5,
                             reopened, reopened_open)
  SELECT kov_code, (confirmed_at AT TIME ZONE 'Europe/Tallinn')::date, domain, category_id, count(*), count(*) FILTER (WHERE status IN ('received', 'in_progress', 'scheduled', 'reopened')),
         count(*) FILTER (WHERE status = 'received'), count(*) FILTER (WHERE status = 'in_progress'), count(*) FILTER (WHERE status = 'scheduled'), count(*) FILTER (WHERE status = 'reopened'), count(*) FILTER (WHERE status = 'fixed'), count(*) FILTER (WHERE status = 'forwarded'), count(*) FILTER (WHERE status = 'duplicate'), count(*) FILTER (WHERE status = 'closed'),
         count(*) FILTER (WHERE cl), count(*) FILTER (WHERE cl AND expected_at IS NOT NULL), count(*) FILTER (WHERE cl AND closed_at <= expected_at),
         count(*) FILTER (WHERE fixed_answer IS NOT NULL OR satisfaction IS NOT NULL),
         count(*) FILTER (WHERE fixed_answer), count(*) FILTER (WHERE NOT fixed_answer),
         count(satisfaction), coalesce(sum(satisfaction), 0),
         count(*) FILTER (WHERE satisfaction = 1), count(*) FILTER (WHERE satisfaction = 2), count(*) FILTER (WHERE satisfaction = 3),
         count(*) FILTER (WHERE satisfaction = 4), count(*) FILTER (WHERE satisfaction = 5),
         count(*) FILTER (WHERE reopened), count(*) FILTER (WHERE reopened AND status IN ('received', 'in_progress', 'scheduled', 'reopened'))
    FROM (SELECT *, status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND closed_at IS NOT NULL AS cl
            FROM reports_report WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed') r
   GROUP BY 1, 2, 3, 4;
  INSERT INTO reports_daily_speed (kov_code, day, domain, category_id, res, fa)
  SELECT kov_code, day, domain, category_id,
         reports_hist_of(coalesce(array_agg(rb) FILTER (WHERE rb IS NOT NULL), '{}')),
         reports_hist_of(coalesce(array_agg(fb) FILTER (WHERE fb IS NOT NULL), '{}'))
    FROM (SELECT kov_code, (confirmed_at AT TIME ZONE 'Europe/Tallinn')::date AS day, domain, category_id,
                 CASE WHEN status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND closed_at IS NOT NULL
                      THEN reports_time_bucket(extract(epoch FROM closed_at - confirmed_at)::double precision) END AS rb,
                 reports_time_bucket(extract(epoch FROM first_action_at - confirmed_at)::double precision) AS fb
            FROM reports_report WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed') r
   WHERE rb IS NOT NULL OR fb IS NOT NULL
   GROUP BY 1, 2, 3, 4;
$$;

-- Backfill the reports there are (the owner sees every KOV's rows in system mode only).
SELECT set_config('vallamaja.system', 'on', true);
SELECT reports_daily_rebuild();
