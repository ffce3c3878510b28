-- Rows of a paid broadcast (breaking news) are claimed before free rows queued earlier: a
-- breaking fan-out does not wait behind a long free one. The claim walks this index in order.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_claim ON outbox (priority DESC, next_attempt_at)
    WHERE status IN ('pending', 'sending');
