-- The studio: listeners' messages to the hosts, and the hosts' logins to the studio page.
-- Listeners are stored as the poll-voter pseudonym (HMAC of the Telegram id), never the id.
CREATE TABLE studio_listeners (
    voter       BLOB    PRIMARY KEY,
    first_name  TEXT,                       -- kept only once the listener agreed to be named
    named       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TABLE studio_messages (
    id            INTEGER PRIMARY KEY,
    voter         BLOB    NOT NULL,
    airing        TEXT    NOT NULL,         -- the airing it was sent for (its start, UTC ISO)
    text          TEXT    NOT NULL,
    received_at   REAL    NOT NULL,         -- Unix seconds
    delete_after  REAL    NOT NULL,         -- Unix seconds: the airing's end + the retention
    starred       INTEGER NOT NULL DEFAULT 0,
    hidden        INTEGER NOT NULL DEFAULT 0,
    read_at       REAL
);
CREATE INDEX studio_messages_by_voter ON studio_messages (voter, airing);
CREATE INDEX studio_messages_by_expiry ON studio_messages (delete_after);

-- One-time login links: the SHA-256 of each link's nonce, and when the link was used.
CREATE TABLE studio_links (
    nonce       TEXT PRIMARY KEY,  -- hex SHA-256 of the nonce, never the nonce
    user_id     INTEGER NOT NULL,
    expires_at  REAL    NOT NULL,
    used_at     REAL
) WITHOUT ROWID;

-- Sessions of the studio page, by the SHA-256 of the session id the cookie holds.
CREATE TABLE studio_sessions (
    id_hash     BLOB    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    expires_at  REAL    NOT NULL
) WITHOUT ROWID;

-- The key that signs login links and session cookies, created on first start.
CREATE TABLE studio_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
