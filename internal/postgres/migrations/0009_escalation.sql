-- Escalation that reaches people (docs/operations.md): a copy not
-- acknowledged a first window after delivery alerts the site's duty
-- officers (escalated_at); a second window later, the post's management
-- (escalated2_at). As SQLite's 0009_escalation.
ALTER TABLE deliveries ADD COLUMN escalated2_at BIGINT;
CREATE INDEX deliveries_escalated ON deliveries(escalated_at)
	WHERE ack_required AND acked_at IS NULL AND escalated_at IS NOT NULL AND escalated2_at IS NULL;
