-- Reports webhooks and the changes feed (issue 10): a KOV's own systems hear of every report change.
-- See docs/webhooks.md. Every table is tenant data (row-level security by kov_code).

-- The feed order: reports_event.id is a bigserial, and ids can commit out of order (a transaction
-- holding id 10 may commit after the one holding id 11), so a reader at cursor 11 would miss 10.
-- The position of an event in the feed is therefore given when the event is already committed:
-- a sequencer (webhooks.ts sequenceEvents) takes the KOV's advisory lock and numbers the committed
-- events that have no position yet, in id order. An event that commits later gets a later position,
-- never one behind a cursor a reader already holds. Events of one report are committed one after
-- another (the report's row lock), so their positions keep their seq order.
CREATE TABLE reports_feed (
  pos       bigserial PRIMARY KEY,
  kov_code  text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  event_id  bigint NOT NULL UNIQUE
);
SELECT core_tenant_table('reports_feed', 'SELECT, INSERT');
GRANT USAGE ON SEQUENCE reports_feed_pos_seq TO vallamaja_app;
CREATE INDEX reports_feed_kov_pos ON reports_feed (kov_code, pos);
CREATE INDEX reports_feed_kov_event ON reports_feed (kov_code, event_id);

-- A KOV's webhook subscription.
--   events       event kinds to send ('*': all)
--   secret_enc   the signing secret, encrypted at rest (AES-256-GCM under a key derived from
--                SESSION_SECRET); shown once at creation, then only its hint (last 4 characters)
--   cursor       the feed position up to which events have been turned into deliveries; a new
--                webhook starts at the KOV's current end (earlier events are not sent)
CREATE TABLE reports_webhook (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  url          text NOT NULL CHECK (length(url) <= 2000),
  events       text[] NOT NULL CHECK (cardinality(events) > 0),
  secret_enc   text NOT NULL,
  secret_hint  text NOT NULL,
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  active       boolean NOT NULL DEFAULT true,
  cursor       bigint NOT NULL DEFAULT 0,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT core_now()
);
SELECT core_tenant_table('reports_webhook', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_webhook_kov ON reports_webhook (kov_code, created_at);

-- One event to one webhook.
--   state          pending (to send, or retrying) | delivered | dead (every attempt failed)
--   seq            the event's seq in its report (order per report and webhook)
--   locked_until   a worker holds the delivery until then (a worker that died lets go when it passes)
CREATE TABLE reports_delivery (
  id               uuid PRIMARY KEY,
  kov_code         text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  webhook_id       uuid NOT NULL REFERENCES reports_webhook(id) ON DELETE CASCADE,
  event_id         bigint NOT NULL,
  report_id        uuid NOT NULL,
  seq              int NOT NULL,
  pos              bigint NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  locked_until     timestamptz,
  last_status      int,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (webhook_id, event_id)
);
SELECT core_tenant_table('reports_delivery', 'SELECT, INSERT, UPDATE, DELETE');
CREATE INDEX reports_delivery_due ON reports_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX reports_delivery_order ON reports_delivery (webhook_id, report_id, seq);
CREATE INDEX reports_delivery_hook ON reports_delivery (webhook_id, state, pos);

-- No foreign key to reports_event here or in reports_feed: never in the way of deleting old reports
-- (a delivery whose event is gone goes to the dead letter with that reason).

-- Every attempt of a delivery.
CREATE TABLE reports_delivery_attempt (
  id           bigserial PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  delivery_id  uuid NOT NULL REFERENCES reports_delivery(id) ON DELETE CASCADE,
  webhook_id   uuid NOT NULL,
  attempt      int NOT NULL,
  at           timestamptz NOT NULL,
  status       int,
  error        text,
  duration_ms  int NOT NULL,
  response     text
);
SELECT core_tenant_table('reports_delivery_attempt', 'SELECT, INSERT, DELETE');
GRANT USAGE ON SEQUENCE reports_delivery_attempt_id_seq TO vallamaja_app;
CREATE INDEX reports_delivery_attempt_hook ON reports_delivery_attempt (webhook_id, at DESC);
CREATE INDEX reports_delivery_attempt_delivery ON reports_delivery_attempt (delivery_id);
