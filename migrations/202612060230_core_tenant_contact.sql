-- How residents reach their KOV (issue 9, item 8: the footer's contact where a KOV context exists):
-- an e-mail address, a phone number, a postal address and a web site, each optional. Set by the
-- operator (`vallamaja` demo data now; a KOV admin form later) through src/kernel/tenants.ts.
ALTER TABLE core_tenant
  ADD COLUMN contact_email   text CHECK (contact_email IS NULL OR length(contact_email) <= 200),
  ADD COLUMN contact_phone   text CHECK (contact_phone IS NULL OR length(contact_phone) <= 50),
  ADD COLUMN contact_address text CHECK (contact_address IS NULL OR length(contact_address) <= 300),
  ADD COLUMN contact_website text CHECK (contact_website IS NULL OR (contact_website ~ '^https://\S+$' AND length(contact_website) <= 300));
