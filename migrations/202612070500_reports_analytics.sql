-- Reports analytics (issue 10, item 7): indexes that let the dashboards aggregate without touching
-- the reports' wide rows. Figures count confirmed reports only (an unconfirmed report is not routed
-- and never counted), by the time the report was received (confirmed_at).
--
-- One KOV's dashboard: an index-only range scan of the KOV's reports received in the period, every
-- column the figures need carried in the index (the heap is not read once the visibility map is set).
CREATE INDEX reports_report_analytics ON reports_report (kov_code, confirmed_at)
  INCLUDE (category_id, domain, status, expected_at, first_action_at, closed_at, fixed_answer, satisfaction)
  WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed';

-- The all-KOV comparison: the same columns by received time across every KOV (a range on the second
-- column of the index above would scan every KOV's whole history).
CREATE INDEX reports_report_analytics_all ON reports_report (confirmed_at)
  INCLUDE (kov_code, category_id, domain, status, expected_at, first_action_at, closed_at, fixed_answer, satisfaction)
  WHERE confirmed_at IS NOT NULL AND status <> 'unconfirmed';

-- The reopen rate: re-opened reports are few, so their events are found through a small partial index.
CREATE INDEX reports_event_reopened ON reports_event (kov_code, report_id) WHERE kind = 'reopened';
