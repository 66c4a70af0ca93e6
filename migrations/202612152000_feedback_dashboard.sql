-- Feedback dashboards, KPIs and improvement actions (issue 13, item 5; module feedback). Tenant data
-- (RLS by kov_code). The answers themselves are feedback_answer (migrations/2026121510*_feedback_*.sql).
--
--   feedback_monthly  the answers added up per KOV, service and Tallinn calendar month: responses,
--                     satisfaction and ease (sum and each score 1–5), what went well / badly per driver.
--                     Kept exact by a trigger on feedback_answer (insert, delete, a change of a counted
--                     column), so the dashboards read a few hundred rows instead of a million answers.
--                     Each month is split into 8 shards by the answer's id (readers add them up): answers
--                     to one service arriving at once lock different rows, not one (bench/feedback.ts).
--   feedback_kpi      the four service KPIs of a service for a year (GSA A-11, the state catalogue): cost
--                     per transaction (euros), user satisfaction (% satisfied), completion rate (%),
--                     digital take-up (%), and the transactions counted; entered by the owner or fed by a
--                     KOV system through the API (source).
--   feedback_action   an improvement action of a service, opened from its feedback (optionally from one
--                     answer's comment): title, description, owner, due date, status, outcome.

CREATE TABLE feedback_monthly (
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id  uuid NOT NULL,
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  shard       smallint NOT NULL CHECK (shard BETWEEN 0 AND 7),
  n           int NOT NULL DEFAULT 0,
  sat_sum     int NOT NULL DEFAULT 0,
  s1 int NOT NULL DEFAULT 0, s2 int NOT NULL DEFAULT 0, s3 int NOT NULL DEFAULT 0, s4 int NOT NULL DEFAULT 0, s5 int NOT NULL DEFAULT 0,
  ease_sum    int NOT NULL DEFAULT 0,
  e1 int NOT NULL DEFAULT 0, e2 int NOT NULL DEFAULT 0, e3 int NOT NULL DEFAULT 0, e4 int NOT NULL DEFAULT 0, e5 int NOT NULL DEFAULT 0,
  well_trust int NOT NULL DEFAULT 0, well_effectiveness int NOT NULL DEFAULT 0, well_ease int NOT NULL DEFAULT 0,
  well_efficiency int NOT NULL DEFAULT 0, well_transparency int NOT NULL DEFAULT 0, well_helpfulness int NOT NULL DEFAULT 0,
  bad_trust int NOT NULL DEFAULT 0, bad_effectiveness int NOT NULL DEFAULT 0, bad_ease int NOT NULL DEFAULT 0,
  bad_efficiency int NOT NULL DEFAULT 0, bad_transparency int NOT NULL DEFAULT 0, bad_helpfulness int NOT NULL DEFAULT 0,
  PRIMARY KEY (kov_code, service_id, month, shard)
);
CREATE INDEX feedback_monthly_month ON feedback_monthly (month);
SELECT core_tenant_table('feedback_monthly', 'SELECT, INSERT, UPDATE');

-- Adds (sgn 1) or subtracts (sgn -1) one answer. INSERT … ON CONFLICT DO UPDATE takes the row lock,
-- so concurrent answers to the same service and month add up exactly.
CREATE FUNCTION feedback_monthly_apply(a feedback_answer, sgn int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feedback_monthly AS x (kov_code, service_id, month, shard, n, sat_sum, s1, s2, s3, s4, s5, ease_sum, e1, e2, e3, e4, e5,
      well_trust, well_effectiveness, well_ease, well_efficiency, well_transparency, well_helpfulness,
      bad_trust, bad_effectiveness, bad_ease, bad_efficiency, bad_transparency, bad_helpfulness)
  VALUES (a.kov_code, a.service_id, date_trunc('month', a.answered_at AT TIME ZONE 'Europe/Tallinn')::date, hashtext(a.id::text) & 7, sgn, a.satisfaction * sgn,
      CASE WHEN a.satisfaction = 1 THEN sgn ELSE 0 END, CASE WHEN a.satisfaction = 2 THEN sgn ELSE 0 END, CASE WHEN a.satisfaction = 3 THEN sgn ELSE 0 END,
      CASE WHEN a.satisfaction = 4 THEN sgn ELSE 0 END, CASE WHEN a.satisfaction = 5 THEN sgn ELSE 0 END,
      a.ease * sgn,
      CASE WHEN a.ease = 1 THEN sgn ELSE 0 END, CASE WHEN a.ease = 2 THEN sgn ELSE 0 END, CASE WHEN a.ease = 3 THEN sgn ELSE 0 END,
      CASE WHEN a.ease = 4 THEN sgn ELSE 0 END, CASE WHEN a.ease = 5 THEN sgn ELSE 0 END,
      CASE WHEN 'trust' = ANY (a.went_well) THEN sgn ELSE 0 END, CASE WHEN 'effectiveness' = ANY (a.went_well) THEN sgn ELSE 0 END,
      CASE WHEN 'ease' = ANY (a.went_well) THEN sgn ELSE 0 END, CASE WHEN 'efficiency' = ANY (a.went_well) THEN sgn ELSE 0 END,
      CASE WHEN 'transparency' = ANY (a.went_well) THEN sgn ELSE 0 END, CASE WHEN 'helpfulness' = ANY (a.went_well) THEN sgn ELSE 0 END,
      CASE WHEN 'trust' = ANY (a.went_badly) THEN sgn ELSE 0 END, CASE WHEN 'effectiveness' = ANY (a.went_badly) THEN sgn ELSE 0 END,
      CASE WHEN 'ease' = ANY (a.went_badly) THEN sgn ELSE 0 END, CASE WHEN 'efficiency' = ANY (a.went_badly) THEN sgn ELSE 0 END,
      CASE WHEN 'transparency' = ANY (a.went_badly) THEN sgn ELSE 0 END, CASE WHEN 'helpfulness' = ANY (a.went_badly) THEN sgn ELSE 0 END)
  ON CONFLICT (kov_code, service_id, month, shard) DO UPDATE SET
    n = x.n + EXCLUDED.n, sat_sum = x.sat_sum + EXCLUDED.sat_sum,
    s1 = x.s1 + EXCLUDED.s1, s2 = x.s2 + EXCLUDED.s2, s3 = x.s3 + EXCLUDED.s3, s4 = x.s4 + EXCLUDED.s4, s5 = x.s5 + EXCLUDED.s5,
    ease_sum = x.ease_sum + EXCLUDED.ease_sum,
    e1 = x.e1 + EXCLUDED.e1, e2 = x.e2 + EXCLUDED.e2, e3 = x.e3 + EXCLUDED.e3, e4 = x.e4 + EXCLUDED.e4, e5 = x.e5 + EXCLUDED.e5,
    well_trust = x.well_trust + EXCLUDED.well_trust, well_effectiveness = x.well_effectiveness + EXCLUDED.well_effectiveness,
    well_ease = x.well_ease + EXCLUDED.well_ease, well_efficiency = x.well_efficiency + EXCLUDED.well_efficiency,
    well_transparency = x.well_transparency + EXCLUDED.well_transparency, well_helpfulness = x.well_helpfulness + EXCLUDED.well_helpfulness,
    bad_trust = x.bad_trust + EXCLUDED.bad_trust, bad_effectiveness = x.bad_effectiveness + EXCLUDED.bad_effectiveness,
    bad_ease = x.bad_ease + EXCLUDED.bad_ease, bad_efficiency = x.bad_efficiency + EXCLUDED.bad_efficiency,
    bad_transparency = x.bad_transparency + EXCLUDED.bad_transparency, bad_helpfulness = x.bad_helpfulness + EXCLUDED.bad_helpfulness;
END
$$;

CREATE FUNCTION feedback_monthly_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM feedback_monthly_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM feedback_monthly_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER feedback_monthly_sync AFTER INSERT OR DELETE ON feedback_answer
  FOR EACH ROW EXECUTE FUNCTION feedback_monthly_sync();
-- moderation (comment_state, comment) changes no counted column: it takes no lock on the rollup
CREATE TRIGGER feedback_monthly_sync_update AFTER UPDATE ON feedback_answer
  FOR EACH ROW WHEN ((OLD.kov_code, OLD.service_id, OLD.answered_at, OLD.satisfaction, OLD.ease, OLD.went_well, OLD.went_badly)
                     IS DISTINCT FROM (NEW.kov_code, NEW.service_id, NEW.answered_at, NEW.satisfaction, NEW.ease, NEW.went_well, NEW.went_badly))
  EXECUTE FUNCTION feedback_monthly_sync();

-- The rollup recounted from scratch, set-based (the backfill below; the bench after a bulk load).
-- Run by the owner (vallamaja.system = 'on').
CREATE FUNCTION feedback_monthly_rebuild() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM feedback_monthly;
  INSERT INTO feedback_monthly (kov_code, service_id, month, shard, n, sat_sum, s1, s2, s3, s4, s5, ease_sum, e1, e2, e3, e4, e5,
      well_trust, well_effectiveness, well_ease, well_efficiency, well_transparency, well_helpfulness,
      bad_trust, bad_effectiveness, bad_ease, bad_efficiency, bad_transparency, bad_helpfulness)
  SELECT kov_code, service_id, date_trunc('month', answered_at AT TIME ZONE 'Europe/Tallinn')::date, hashtext(id::text) & 7, count(*), sum(satisfaction),
         count(*) FILTER (WHERE satisfaction = 1), count(*) FILTER (WHERE satisfaction = 2), count(*) FILTER (WHERE satisfaction = 3),
         count(*) FILTER (WHERE satisfaction = 4), count(*) FILTER (WHERE satisfaction = 5),
         sum(ease),
         count(*) FILTER (WHERE ease = 1), count(*) FILTER (WHERE ease = 2), count(*) FILTER (WHERE ease = 3),
         count(*) FILTER (WHERE ease = 4), count(*) FILTER (WHERE ease = 5),
         count(*) FILTER (WHERE 'trust' = ANY (went_well)), count(*) FILTER (WHERE 'effectiveness' = ANY (went_well)),
         count(*) FILTER (WHERE 'ease' = ANY (went_well)), count(*) FILTER (WHERE 'efficiency' = ANY (went_well)),
         count(*) FILTER (WHERE 'transparency' = ANY (went_well)), count(*) FILTER (WHERE 'helpfulness' = ANY (went_well)),
         count(*) FILTER (WHERE 'trust' = ANY (went_badly)), count(*) FILTER (WHERE 'effectiveness' = ANY (went_badly)),
         count(*) FILTER (WHERE 'ease' = ANY (went_badly)), count(*) FILTER (WHERE 'efficiency' = ANY (went_badly)),
         count(*) FILTER (WHERE 'transparency' = ANY (went_badly)), count(*) FILTER (WHERE 'helpfulness' = ANY (went_badly))
    FROM feedback_answer
   GROUP BY 1, 2, 3, 4;
$$;

SELECT set_config('vallamaja.system', 'on', true);
SELECT feedback_monthly_rebuild();
SELECT set_config('vallamaja.system', 'off', true);

CREATE TABLE feedback_kpi (
  kov_code               text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id             uuid NOT NULL,
  year                   int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  cost_per_transaction   numeric(12, 2) CHECK (cost_per_transaction >= 0),
  user_satisfaction      numeric(5, 2) CHECK (user_satisfaction BETWEEN 0 AND 100),
  completion_rate        numeric(5, 2) CHECK (completion_rate BETWEEN 0 AND 100),
  digital_takeup         numeric(5, 2) CHECK (digital_takeup BETWEEN 0 AND 100),
  transactions           int CHECK (transactions >= 0),
  source                 text NOT NULL CHECK (source IN ('form', 'api')),
  updated_at             timestamptz NOT NULL DEFAULT core_now(),
  updated_by             text NOT NULL,
  PRIMARY KEY (kov_code, service_id, year)
);
SELECT core_tenant_table('feedback_kpi', 'SELECT, INSERT, UPDATE, DELETE');

CREATE TABLE feedback_action (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id   uuid NOT NULL,
  answer_id    uuid,
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  owner_name   text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 200),
  due_date     date,
  status       text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  outcome      text NOT NULL DEFAULT '' CHECK (length(outcome) <= 4000),
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  updated_at   timestamptz NOT NULL DEFAULT core_now(),
  closed_at    timestamptz
);
CREATE INDEX feedback_action_service ON feedback_action (kov_code, service_id, created_at);
SELECT core_tenant_table('feedback_action', 'SELECT, INSERT, UPDATE');
