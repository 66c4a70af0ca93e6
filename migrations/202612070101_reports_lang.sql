-- The reporter's language (et/en/ru): the e-mails about her report are written in it.
ALTER TABLE reports_report ADD COLUMN lang text NOT NULL DEFAULT 'et' CHECK (lang IN ('et', 'en', 'ru'));
