-- Which language a chat gets (bot/core/language.py): the language a chat chose with /language,
-- and the languages a group's recent speakers write in (only the last few per group are kept).
ALTER TABLE chats ADD COLUMN chosen_language TEXT;

CREATE TABLE chat_speakers (
    chat_id   INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id   INTEGER NOT NULL,
    language  TEXT    NOT NULL,
    spoke_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chat_speakers_by_user ON chat_speakers (user_id);
