-- Council e-sittings (issue 12, module council; replaces VOLIS). Tenant data (RLS by kov_code).
-- Names follow OParl 1.1 where it has one (Body → Organization, Person, Membership, Meeting,
-- AgendaItem, Paper, Consultation, File, Location); the Vote object is ours.
--
--   council_body        the council (kind 'council') and its commissions ('commission', parent_id the
--                       council); seats = the council's composition (KOKS: quorum is more than half of it).
--   council_person      a person of the council's world: members, substitutes and presenters; found by the
--                       keyed hash of her ID code (sign-in through TARA) with a last-4 hint; name public.
--   council_membership  a person's seat in a body for a period (starts/ends, Europe/Tallinn dates), with
--                       her role (chair, deputy, member), faction and voting right; a substitute
--                       (asendusliige) holds a membership with substitute_for = the member's membership id:
--                       while it runs she takes that seat and the member does not vote.
--   council_draft       a draft (eelnõu; OParl Paper): number, title, kind, presenter, status.
--   council_file        documents of a draft or a sitting (PDF/DOCX), versions kept (OParl File).
--   council_opinion     a commission's opinion on a draft (OParl Consultation).
--   council_amendment   a member's proposed amendment to a draft; voted before the draft.
--   council_sitting     a sitting (istung; OParl Meeting) of a body: number, kind, mode, time, place,
--                       video link, notice publication, state (planned → published → open → closed).
--   council_item        the ordered agenda (OParl AgendaItem), optionally a draft; its result.
--   council_presence    who is registered present at a sitting (online confirmed by herself, in the room
--                       marked by the secretary), current state per seat.
--   council_recusal     a conflict-of-interest declaration of a member for an item: out of its votes.
--   council_speaker     the speaker list of an item: requests to speak, questions, replies, time limits.
--   council_vote        a vote on an item (or an amendment): open named or secret (voting core vote_id),
--                       the majority rule, state, outcome; a repeat names the vote it repeats and why.
--   council_choice      one member's choice in an open vote (for, against, abstain); one per seat.
--   council_event       the sitting's event log (seq per sitting): what live watchers replay on rejoin and
--                       what the minutes are drafted from.
--   council_minutes     the minutes (protokoll): the draft text the secretary edits, the chair's sign-off.

CREATE TABLE council_body (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  kind        text NOT NULL CHECK (kind IN ('council', 'commission')),
  parent_id   uuid REFERENCES council_body(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  short_name  text CHECK (length(short_name) <= 50),
  seats       int NOT NULL CHECK (seats BETWEEN 1 AND 201),
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  CHECK ((kind = 'council') = (parent_id IS NULL))
);
CREATE INDEX council_body_kov ON council_body (kov_code, kind, name);
SELECT core_tenant_table('council_body', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_person (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  idcode_hash  text,
  idcode_hint  text,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email        text,
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (kov_code, idcode_hash)
);
CREATE INDEX council_person_kov ON council_person (kov_code, name);
SELECT core_tenant_table('council_person', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_membership (
  id              uuid PRIMARY KEY,
  kov_code        text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  body_id         uuid NOT NULL REFERENCES council_body(id),
  person_id       uuid NOT NULL REFERENCES council_person(id),
  role            text NOT NULL CHECK (role IN ('chair', 'deputy', 'member')),
  faction         text CHECK (length(faction) <= 200),
  voting_right    boolean NOT NULL DEFAULT true,
  starts          date NOT NULL,
  ends            date CHECK (ends IS NULL OR ends >= starts),
  substitute_for  uuid REFERENCES council_membership(id),
  created_at      timestamptz NOT NULL DEFAULT core_now()
);
CREATE INDEX council_membership_body ON council_membership (body_id, starts);
CREATE INDEX council_membership_person ON council_membership (person_id);
SELECT core_tenant_table('council_membership', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_draft (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  body_id       uuid NOT NULL REFERENCES council_body(id),
  number        text NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  kind          text NOT NULL CHECK (kind IN ('decision', 'regulation', 'other')),
  presenter     text NOT NULL CHECK (length(presenter) BETWEEN 1 AND 200),
  summary       text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'adopted', 'rejected', 'withdrawn')),
  published_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (kov_code, number)
);
CREATE INDEX council_draft_kov ON council_draft (kov_code, created_at DESC);
SELECT core_tenant_table('council_draft', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_sitting (
  id                   uuid PRIMARY KEY,
  kov_code             text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  body_id              uuid NOT NULL REFERENCES council_body(id),
  number               int NOT NULL CHECK (number >= 1),
  kind                 text NOT NULL CHECK (kind IN ('regular', 'extraordinary')),
  mode                 text NOT NULL CHECK (mode IN ('room', 'online', 'hybrid')),
  starts_at            timestamptz NOT NULL,
  place                text CHECK (length(place) <= 300),
  video_url            text CHECK (length(video_url) <= 500),
  state                text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'published', 'open', 'closed')),
  notice_published_at  timestamptz,
  opened_at            timestamptz,
  closed_at            timestamptz,
  created_at           timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (body_id, number)
);
CREATE INDEX council_sitting_kov ON council_sitting (kov_code, starts_at DESC);
SELECT core_tenant_table('council_sitting', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_file (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  draft_id     uuid REFERENCES council_draft(id),
  sitting_id   uuid REFERENCES council_sitting(id),
  -- the first version's id: every version of one document shares it
  document_id  uuid NOT NULL,
  version      int NOT NULL CHECK (version >= 1),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  media_type   text NOT NULL,
  size         int NOT NULL CHECK (size >= 0),
  sha256       text NOT NULL,
  bytes        bytea NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT core_now(),
  uploaded_by  text,
  CHECK ((draft_id IS NULL) <> (sitting_id IS NULL)),
  UNIQUE (document_id, version)
);
CREATE INDEX council_file_draft ON council_file (draft_id);
CREATE INDEX council_file_sitting ON council_file (sitting_id);
SELECT core_tenant_table('council_file', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_opinion (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  draft_id    uuid NOT NULL REFERENCES council_draft(id),
  body_id     uuid NOT NULL REFERENCES council_body(id),
  opinion     text NOT NULL CHECK (length(opinion) BETWEEN 1 AND 10000),
  decided_on  date NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  UNIQUE (draft_id, body_id)
);
SELECT core_tenant_table('council_opinion', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_amendment (
  id             uuid PRIMARY KEY,
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  draft_id       uuid NOT NULL REFERENCES council_draft(id),
  proposer_id    uuid NOT NULL REFERENCES council_person(id),
  text           text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
  status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'adopted', 'rejected', 'withdrawn')),
  created_at     timestamptz NOT NULL DEFAULT core_now()
);
CREATE INDEX council_amendment_draft ON council_amendment (draft_id, created_at);
SELECT core_tenant_table('council_amendment', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_item (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  sitting_id  uuid NOT NULL REFERENCES council_sitting(id),
  position    int NOT NULL CHECK (position >= 1),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  draft_id    uuid REFERENCES council_draft(id),
  public      boolean NOT NULL DEFAULT true,
  state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'open', 'done')),
  result      text CHECK (length(result) <= 2000),
  UNIQUE (sitting_id, position) DEFERRABLE INITIALLY IMMEDIATE
);
SELECT core_tenant_table('council_item', 'SELECT, INSERT, UPDATE, DELETE');

CREATE TABLE council_presence (
  sitting_id     uuid NOT NULL REFERENCES council_sitting(id),
  membership_id  uuid NOT NULL REFERENCES council_membership(id),
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  present        boolean NOT NULL,
  how            text NOT NULL CHECK (how IN ('room', 'online')),
  changed_at     timestamptz NOT NULL DEFAULT core_now(),
  changed_by     text,
  PRIMARY KEY (sitting_id, membership_id)
);
SELECT core_tenant_table('council_presence', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_recusal (
  item_id        uuid NOT NULL REFERENCES council_item(id),
  membership_id  uuid NOT NULL REFERENCES council_membership(id),
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
  declared_at    timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (item_id, membership_id)
);
SELECT core_tenant_table('council_recusal', 'SELECT, INSERT');

CREATE TABLE council_speaker (
  id             uuid PRIMARY KEY,
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  item_id        uuid NOT NULL REFERENCES council_item(id),
  person_id      uuid NOT NULL REFERENCES council_person(id),
  kind           text NOT NULL CHECK (kind IN ('speech', 'question', 'reply')),
  limit_seconds  int CHECK (limit_seconds BETWEEN 10 AND 3600),
  requested_at   timestamptz NOT NULL DEFAULT core_now(),
  started_at     timestamptz,
  ended_at       timestamptz,
  withdrawn_at   timestamptz
);
CREATE INDEX council_speaker_item ON council_speaker (item_id, requested_at);
SELECT core_tenant_table('council_speaker', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_vote (
  id             uuid PRIMARY KEY,
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  sitting_id     uuid NOT NULL REFERENCES council_sitting(id),
  item_id        uuid NOT NULL REFERENCES council_item(id),
  amendment_id   uuid REFERENCES council_amendment(id),
  subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  kind           text NOT NULL CHECK (kind IN ('open', 'secret')),
  -- simple: more for than against; composition: for > half of the seats; two_thirds: for ≥ ⅔ of the
  -- seats; present_majority: for > half of those registered (rules.ts has the arithmetic)
  majority       text NOT NULL CHECK (majority IN ('simple', 'composition', 'two_thirds', 'present_majority')),
  state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'void')),
  opened_at      timestamptz NOT NULL DEFAULT core_now(),
  closed_at      timestamptz,
  -- who could vote when it opened (present seats without recusal) and the counts when it closed
  eligible       uuid[] NOT NULL,
  outcome        jsonb,
  repeat_of      uuid REFERENCES council_vote(id),
  repeat_reason  text CHECK (length(repeat_reason) <= 1000),
  voting_vote_id uuid,
  CHECK ((repeat_of IS NULL) = (repeat_reason IS NULL))
);
CREATE INDEX council_vote_sitting ON council_vote (sitting_id, opened_at);
CREATE UNIQUE INDEX council_vote_one_open ON council_vote (sitting_id) WHERE state = 'open';
SELECT core_tenant_table('council_vote', 'SELECT, INSERT, UPDATE');

CREATE TABLE council_choice (
  vote_id        uuid NOT NULL REFERENCES council_vote(id),
  membership_id  uuid NOT NULL REFERENCES council_membership(id),
  kov_code       text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  choice         text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  cast_at        timestamptz NOT NULL DEFAULT core_now(),
  PRIMARY KEY (vote_id, membership_id)
);
SELECT core_tenant_table('council_choice', 'SELECT, INSERT');

CREATE TABLE council_event (
  sitting_id  uuid NOT NULL REFERENCES council_sitting(id),
  seq         int NOT NULL CHECK (seq >= 1),
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  at          timestamptz NOT NULL DEFAULT core_now(),
  kind        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  actor       text,
  PRIMARY KEY (sitting_id, seq)
);
SELECT core_tenant_table('council_event', 'SELECT, INSERT');

CREATE TABLE council_minutes (
  sitting_id  uuid PRIMARY KEY REFERENCES council_sitting(id),
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  text        text NOT NULL CHECK (length(text) <= 200000),
  edited_at   timestamptz NOT NULL DEFAULT core_now(),
  edited_by   text,
  signed_at   timestamptz,
  signed_by   text
);
SELECT core_tenant_table('council_minutes', 'SELECT, INSERT, UPDATE');
