-- A batch of votes is stored by one INSERT into this view (storage/polls.py, replace_votes):
-- each row replaces a voter's options in a poll (`options`: a JSON list, empty to take the
-- vote back) and records the presses behind them (`press_ids`: a JSON list). One statement
-- is one call to the database thread, where BEGIN, three statements and COMMIT were five.
CREATE VIEW poll_vote_changes (poll_id, voter, options, language, press_ids, stored_at) AS
    SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER poll_vote_changes_store INSTEAD OF INSERT ON poll_vote_changes
BEGIN
    DELETE FROM poll_votes WHERE poll_id = NEW.poll_id AND voter = NEW.voter;
    INSERT INTO poll_votes (poll_id, voter, option, language)
        SELECT NEW.poll_id, NEW.voter, value, NEW.language FROM json_each(NEW.options);
    INSERT OR IGNORE INTO poll_presses (press_id, stored_at)
        SELECT value, NEW.stored_at FROM json_each(NEW.press_ids);
END;
