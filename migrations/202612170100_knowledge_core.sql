-- Knowledge base (issue 14, module knowledge). docs/knowledge.md.
--
--   knowledge_article  an article, guide, template or best practice: its owner (kov_code: a KOV, or
--                      '0000' for ELVL's platform articles), its visibility ('public': everyone,
--                      'officials': every KOV's officials, 'kov': the owner KOV's officials only), the
--                      current version's texts (title in et/en/ru, summary, Markdown and the sanitised
--                      HTML made from it at save time).
--   knowledge_search   the search index: each article's search vector (stems made by the application,
--                      src/kernel/text-search.ts; weight A title, B summary and tags, C body) with its
--                      owner and visibility. No text, only stems. It has no row-level security on
--                      purpose: PostgreSQL cannot use a GIN index for @@ on a table under row-level
--                      security (the operator is not leakproof, so it must wait for the policies and
--                      every search would read the whole table). Every query on it carries the viewer's
--                      visibility clause and joins knowledge_article, whose row-level security is the
--                      wall for everything shown (docs/knowledge.md).
--   knowledge_version  every save: the texts as saved, who saved it, when and why (note).
--   knowledge_file     the files of a template (bytes in the row, as services' diagrams).
--   knowledge_helpful  "was this helpful": one answer per signed-in person (voter: a keyed digest of
--                      the person) or any number of rate-limited anonymous ones (voter NULL).
--   knowledge_mentor   ELVL's E-ITS mentor list (platform data, shown to officials): a mentor, their
--                      KOV, topics and the KOVs they help.
--
-- Row-level security: the owner KOV's rows as every tenant table (core_tenant_table), and beside it
-- the shared articles ('public', 'officials') readable by every transaction; versions, files and
-- answers are readable where their article is. A 'kov' article is never visible to a transaction of
-- another KOV or to one without a KOV; which of the shared ones a viewer sees (anonymous: public
-- only) the queries in src/modules/knowledge/repo.ts say.

CREATE TABLE knowledge_article (
  id           uuid PRIMARY KEY,
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  kind         text NOT NULL CHECK (kind IN ('article', 'guide', 'template', 'practice')),
  domain       text NOT NULL CHECK (domain IN ('security', 'data', 'services', 'it')),
  visibility   text NOT NULL CHECK (visibility IN ('public', 'officials', 'kov')),
  tags         text[] NOT NULL DEFAULT '{}',
  title        jsonb NOT NULL,
  summary      text NOT NULL DEFAULT '',
  body_md      text NOT NULL,
  body_html    text NOT NULL,
  version_no   int NOT NULL DEFAULT 1 CHECK (version_no >= 1),
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  created_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT core_now(),
  updated_by   text NOT NULL,
  -- a platform article is never one KOV's; a KOV's article is never public (ELVL's editors publish)
  CHECK (kov_code <> '0000' OR visibility <> 'kov'),
  CHECK (kov_code = '0000' OR visibility <> 'public')
);
CREATE INDEX knowledge_article_owner ON knowledge_article (kov_code, updated_at);
SELECT core_tenant_table('knowledge_article', 'SELECT, INSERT, UPDATE');
CREATE POLICY knowledge_article_shared ON knowledge_article FOR SELECT USING (visibility IN ('public', 'officials'));

CREATE TABLE knowledge_search (
  article_id  uuid PRIMARY KEY REFERENCES knowledge_article(id),
  owner       text NOT NULL CHECK (owner ~ '^[0-9]{4}$'),
  visibility  text NOT NULL CHECK (visibility IN ('public', 'officials', 'kov')),
  search      tsvector NOT NULL
);
-- no pending list (articles change rarely): every search reads the index alone
CREATE INDEX knowledge_search_gin ON knowledge_search USING gin (search) WITH (fastupdate = off);
GRANT SELECT, INSERT, UPDATE ON knowledge_search TO vallamaja_app;

CREATE TABLE knowledge_version (
  kov_code     text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  article_id   uuid NOT NULL REFERENCES knowledge_article(id),
  version_no   int NOT NULL CHECK (version_no >= 1),
  title        jsonb NOT NULL,
  summary      text NOT NULL,
  body_md      text NOT NULL,
  tags         text[] NOT NULL,
  visibility   text NOT NULL,
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_at   timestamptz NOT NULL DEFAULT core_now(),
  created_by   text NOT NULL,
  PRIMARY KEY (article_id, version_no)
);
SELECT core_tenant_table('knowledge_version', 'SELECT, INSERT');
CREATE POLICY knowledge_version_shared ON knowledge_version FOR SELECT
  USING (EXISTS (SELECT 1 FROM knowledge_article a WHERE a.id = article_id));

CREATE TABLE knowledge_file (
  id            uuid PRIMARY KEY,
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  article_id    uuid NOT NULL REFERENCES knowledge_article(id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type  text NOT NULL,
  bytes         int NOT NULL CHECK (bytes > 0),
  sha256        text NOT NULL,
  data          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT core_now(),
  created_by    text NOT NULL
);
CREATE INDEX knowledge_file_article ON knowledge_file (article_id, created_at);
SELECT core_tenant_table('knowledge_file', 'SELECT, INSERT, DELETE');
CREATE POLICY knowledge_file_shared ON knowledge_file FOR SELECT
  USING (EXISTS (SELECT 1 FROM knowledge_article a WHERE a.id = article_id));

CREATE TABLE knowledge_helpful (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  article_id  uuid NOT NULL REFERENCES knowledge_article(id),
  voter       bytea,
  helpful     boolean NOT NULL,
  at          timestamptz NOT NULL DEFAULT core_now()
);
CREATE UNIQUE INDEX knowledge_helpful_voter ON knowledge_helpful (article_id, voter) WHERE voter IS NOT NULL;
CREATE INDEX knowledge_helpful_article ON knowledge_helpful (article_id);
SELECT core_tenant_table('knowledge_helpful', 'SELECT, INSERT, UPDATE');
-- anyone who sees an article may answer on it (the answer carries the article's KOV)
CREATE POLICY knowledge_helpful_shared ON knowledge_helpful
  USING (EXISTS (SELECT 1 FROM knowledge_article a WHERE a.id = article_id AND a.kov_code = knowledge_helpful.kov_code))
  WITH CHECK (EXISTS (SELECT 1 FROM knowledge_article a WHERE a.id = article_id AND a.kov_code = knowledge_helpful.kov_code));

CREATE TABLE knowledge_mentor (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  mentor_kov  text NOT NULL CHECK (mentor_kov ~ '^[0-9]{4}$'),
  email       text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
  topics      text[] NOT NULL DEFAULT '{}',
  helps       text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  updated_at  timestamptz NOT NULL DEFAULT core_now(),
  updated_by  text NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON knowledge_mentor TO vallamaja_app;
