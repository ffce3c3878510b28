-- Reminders before each airing: one per chat, with the airing it last reminded of.
CREATE TABLE reminders (
    chat_id      INTEGER PRIMARY KEY
                 REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    last_airing  TEXT,
    created_at   TEXT    NOT NULL
);
