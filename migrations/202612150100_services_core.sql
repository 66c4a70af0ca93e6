-- Service catalogue (issue 13, module services; CPSV-AP 3.2 vocabulary). docs/services.md.
--
--   services_template  platform: ELVL's typical KOV services (the texts a KOV adopts), kept by the
--                      platform role services-elvl; state_overlap marks those that overlap a state service.
--   services_service   a KOV's service: its stable public identifier (slug, never changed), status
--                      (draft → published → archived), the published version shown (current_no), the
--                      version being edited (draft_no), and the search vector of the current version.
--   services_version   every version's content (jsonb, model.ts ServiceContent), who made and published it.
--   services_change    one row per publish or archive: the national portal's change feed (cursor paging).
--   services_diagram   process diagrams (BPMN 2.0 or draw.io) of a service, bytes in the kernel files store.

CREATE TABLE services_template (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 60),
  content        jsonb NOT NULL,
  state_overlap  boolean NOT NULL DEFAULT false,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT core_now(),
  updated_at     timestamptz NOT NULL DEFAULT core_now(),
  updated_by     text
);
GRANT SELECT, INSERT, UPDATE ON services_template TO vallamaja_app;

CREATE TABLE services_service (
  id                  uuid PRIMARY KEY,
  kov_code            text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  slug                text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  template_id         uuid REFERENCES services_template(id),
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  current_no          int,
  draft_no            int,
  last_no             int NOT NULL DEFAULT 1 CHECK (last_no >= 1),
  first_published_at  timestamptz,
  published_at        timestamptz,
  archived_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT core_now(),
  updated_at          timestamptz NOT NULL DEFAULT core_now(),
  search              tsvector,
  UNIQUE (kov_code, slug),
  CHECK (status = 'draft' OR current_no IS NOT NULL),
  CHECK (current_no IS NOT NULL OR draft_no IS NOT NULL)
);
CREATE INDEX services_service_kov ON services_service (kov_code, status);
CREATE INDEX services_service_template ON services_service (template_id) WHERE template_id IS NOT NULL;
CREATE INDEX services_service_search ON services_service USING gin (search);
SELECT core_tenant_table('services_service', 'SELECT, INSERT, UPDATE');

CREATE TABLE services_version (
  kov_code      text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id    uuid NOT NULL REFERENCES services_service(id),
  version_no    int NOT NULL CHECK (version_no >= 1),
  content       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT core_now(),
  created_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT core_now(),
  updated_by    text NOT NULL,
  published_at  timestamptz,
  published_by  text,
  PRIMARY KEY (service_id, version_no)
);
CREATE INDEX services_version_kov ON services_version (kov_code, service_id);
SELECT core_tenant_table('services_version', 'SELECT, INSERT, UPDATE');

CREATE TABLE services_change (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id  uuid NOT NULL REFERENCES services_service(id),
  kind        text NOT NULL CHECK (kind IN ('published', 'archived')),
  version_no  int NOT NULL,
  at          timestamptz NOT NULL DEFAULT core_now()
);
CREATE INDEX services_change_at ON services_change (at, id);
SELECT core_tenant_table('services_change', 'SELECT, INSERT');

CREATE TABLE services_diagram (
  id          uuid PRIMARY KEY,
  kov_code    text NOT NULL CHECK (kov_code ~ '^[0-9]{4}$'),
  service_id  uuid NOT NULL REFERENCES services_service(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('bpmn', 'drawio')),
  bytes       int NOT NULL CHECK (bytes > 0),
  sha256      text NOT NULL,
  file_key    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT core_now(),
  created_by  text NOT NULL
);
CREATE INDEX services_diagram_service ON services_diagram (kov_code, service_id, created_at);
SELECT core_tenant_table('services_diagram', 'SELECT, INSERT, DELETE');
