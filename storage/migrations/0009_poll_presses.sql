-- Button presses already counted, by Telegram's callback query id (never the voter), so
-- that a press Telegram sends again after a crash (the update was not confirmed yet) is
-- not counted twice. Kept a day: Telegram does not resend older updates.
CREATE TABLE poll_presses (
    press_id  TEXT PRIMARY KEY,
    stored_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX poll_presses_by_time ON poll_presses (stored_at);
