-- Reader polls. Voters are stored only as HMAC-SHA256(secret, Telegram user id).
CREATE TABLE polls (
    id          INTEGER PRIMARY KEY,
    question    TEXT    NOT NULL,
    options     TEXT    NOT NULL,               -- JSON list of option texts
    multiple    INTEGER NOT NULL DEFAULT 0,
    status      TEXT    NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    opens_at    TEXT,
    closes_at   TEXT,
    article_id  TEXT,
    creator     INTEGER,                        -- the admin who created it (None: the config)
    seed_key    TEXT    UNIQUE,                 -- config seeds are created once
    created_at  TEXT    NOT NULL,
    closed_at   TEXT
);
CREATE INDEX polls_by_article ON polls (article_id) WHERE article_id IS NOT NULL;

CREATE TABLE poll_votes (
    poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    voter    BLOB    NOT NULL,                  -- HMAC-SHA256 of the Telegram user id
    option   INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter, option)
) WITHOUT ROWID;

-- Chat messages showing a poll, refreshed as votes arrive.
CREATE TABLE poll_messages (
    poll_id     INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (poll_id, chat_id, message_id)
) WITHOUT ROWID;

-- Messages posted through inline mode: Telegram gives only an inline message id.
CREATE TABLE poll_inline_messages (
    poll_id            INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    inline_message_id  TEXT    NOT NULL,
    PRIMARY KEY (poll_id, inline_message_id)
) WITHOUT ROWID;

-- The vote secret, created on first start when RADIOBOT_VOTE_SECRET is not set.
CREATE TABLE poll_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
