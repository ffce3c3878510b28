-- Why a feed's last poll failed, as a short reason shown to editors in their language
-- (timeout, not_found, not_a_feed, …; NULL before this column: shown as "an error").
-- `last_error` keeps the technical detail, as in the log.
ALTER TABLE feeds ADD COLUMN last_error_reason TEXT;

-- The language a poll posted through inline mode was rendered in (the sharer's), so its
-- refreshes stay in it; NULL for copies posted before this column (English).
ALTER TABLE poll_inline_messages ADD COLUMN language TEXT;
