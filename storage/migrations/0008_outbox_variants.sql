-- One thing sent (kind, ref) may be worded differently per chat (e.g. its language): the
-- payload becomes a JSON object of variants, and each row names the variant it gets.
ALTER TABLE outbox ADD COLUMN variant TEXT NOT NULL DEFAULT '';
UPDATE outbox_payloads SET message = json_object('', json(message));
