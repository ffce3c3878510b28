-- Whether a closed poll's message already shows the final result, so that a restart
-- resumes the final refresh of the copies it had not reached yet.
ALTER TABLE poll_messages ADD COLUMN final_shown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE poll_inline_messages ADD COLUMN final_shown INTEGER NOT NULL DEFAULT 0;
