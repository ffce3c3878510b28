-- Updates fetched from Telegram and not yet handled, kept so that confirming them to Telegram
-- loses nothing: a process that dies replays them at its next start.
CREATE TABLE update_journal (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL
);

-- The getUpdates offset: every update below it is journaled (or handled), so Telegram may
-- forget it. One row.
CREATE TABLE update_offset (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_offset INTEGER NOT NULL
);
