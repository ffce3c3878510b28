-- The delivery outbox: one payload per (kind, ref), one row per (kind, ref, chat).
CREATE TABLE outbox_payloads (
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL,
    message     TEXT NOT NULL,  -- OutgoingMessage as JSON
    created_at  TEXT NOT NULL,
    PRIMARY KEY (kind, ref)
);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    ref              TEXT    NOT NULL,
    chat_id          INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  REAL    NOT NULL DEFAULT 0,  -- Unix seconds; 0 means now
    message_id       INTEGER,
    last_error       TEXT,
    created_at       TEXT    NOT NULL,
    sent_at          TEXT,
    failed_at        TEXT,
    UNIQUE (kind, ref, chat_id),
    FOREIGN KEY (kind, ref) REFERENCES outbox_payloads(kind, ref) ON DELETE CASCADE
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_chat ON outbox (chat_id);
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_failed_at ON outbox (failed_at) WHERE failed_at IS NOT NULL;
