-- Chats the bot talks to, and the users it has seen.
CREATE TABLE chats (
    id           INTEGER PRIMARY KEY,
    type         TEXT    NOT NULL,
    title        TEXT,
    language     TEXT,
    timezone     TEXT,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
