-- The kernel's outbox of e-mail (src/kernel/mail.ts). A mail is queued with queueMail in the
-- transaction of the change it tells about, so it exists if and only if the change committed; the
-- sender job (mail.send) delivers due mail through SMTP_URL, retries with backoff and keeps the
-- last error. Without SMTP_URL outside production, mail is kept here and shown by the development
-- mail catcher (/dev/mail).
--   kov_code         the KOV whose work sent it (NULL: platform mail, queued by system work)
--   next_attempt_at  not tried before this (a claimed mail is leased: pushed forward while it is sent)
--   failed_at        every attempt failed: given up (kept with its last error)
-- A tenant table: the app role may queue (INSERT) its KOV's mail and read it back; the sender works
-- as the owner (db.system) over every KOV's mail.
CREATE TABLE core_mail (
  id               uuid PRIMARY KEY,
  kov_code         text CHECK (kov_code IS NULL OR kov_code ~ '^[0-9]{4}$'),
  to_address       text NOT NULL CHECK (to_address <> '' AND length(to_address) <= 254),
  subject          text NOT NULL CHECK (subject <> '' AND length(subject) <= 300),
  body_text        text NOT NULL,
  body_html        text,
  -- what the mail is about, for the catcher and the logs (e.g. reports.confirm); never personal data
  kind             text NOT NULL DEFAULT 'mail',
  created_at       timestamptz NOT NULL DEFAULT core_now(),
  next_attempt_at  timestamptz NOT NULL DEFAULT core_now(),
  attempts         integer NOT NULL DEFAULT 0,
  sent_at          timestamptz,
  failed_at        timestamptz,
  last_error       text,
  -- the transport that delivered it: smtp | catcher (development) | a test's own
  transport        text
);
SELECT core_tenant_table('core_mail', 'SELECT, INSERT');
CREATE INDEX core_mail_due ON core_mail (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX core_mail_created ON core_mail (created_at DESC);
