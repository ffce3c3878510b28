-- Articles, their tags and full-text index, the feeds they come from, and subscriptions.
CREATE TABLE feeds (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL,
    source            TEXT    NOT NULL UNIQUE,
    interval_minutes  REAL    NOT NULL DEFAULT 5,
    from_config       INTEGER NOT NULL DEFAULT 0,
    etag              TEXT,
    last_modified     TEXT,
    primed            INTEGER NOT NULL DEFAULT 0,  -- first successful poll done (backlog stored)
    failures          INTEGER NOT NULL DEFAULT 0,  -- failures in a row
    admins_told       INTEGER NOT NULL DEFAULT 0,  -- admins were told about this failure streak
    last_success_at   TEXT,
    last_error        TEXT,
    last_error_at     TEXT,
    next_poll_at      TEXT,
    created_at        TEXT    NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    dedup_key     TEXT    NOT NULL UNIQUE,  -- guid:…, link:… or hash:…
    guid          TEXT,
    link          TEXT,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL,  -- plain text, for search, keywords and the fallback
    summary_html  TEXT    NOT NULL,  -- sanitised to Telegram's tag subset
    tags          TEXT    NOT NULL DEFAULT '',  -- lower-case tags joined by '|'
    content_hash  TEXT    NOT NULL,
    published_at  TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC);

CREATE TABLE article_tags (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag         TEXT    NOT NULL,
    PRIMARY KEY (tag, article_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_article ON article_tags (article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, summary, tags,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, summary, tags)
    VALUES (new.id, new.title, new.summary, replace(new.tags, '|', ' '));
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags)
    VALUES ('delete', old.id, old.title, old.summary, replace(old.tags, '|', ' '));
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, tags ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags)
    VALUES ('delete', old.id, old.title, old.summary, replace(old.tags, '|', ' '));
    INSERT INTO articles_fts (rowid, title, summary, tags)
    VALUES (new.id, new.title, new.summary, replace(new.tags, '|', ' '));
END;

CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    topic       TEXT    NOT NULL DEFAULT '',  -- '' is everything; else a lower-case tag
    keyword     TEXT    NOT NULL DEFAULT '',  -- '' is none; else lower-case words to find
    created_at  TEXT    NOT NULL,
    UNIQUE (chat_id, topic, keyword)
);
CREATE INDEX subscriptions_by_topic ON subscriptions (topic);
