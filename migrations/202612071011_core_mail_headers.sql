-- Extra headers of a mail (kernel queueMail's `headers`): only the List-Unsubscribe pair
-- (RFC 2369, RFC 8058) is accepted; a JSON object of header name → one-line value.
ALTER TABLE core_mail ADD COLUMN headers jsonb;
