-- A group upgraded to a supergroup gets a new id for good: the old id stays here, so that a
-- chat id read before the upgrade (a fan-out under way, a row in flight) still leads to it.
CREATE TABLE chat_migrations (
    old_id  INTEGER PRIMARY KEY,
    new_id  INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX chat_migrations_new ON chat_migrations (new_id);
