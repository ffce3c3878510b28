-- The language of the poll copy a vote was cast on (its chat's language; '' when unknown,
-- e.g. votes cast before this column), for the newsroom's breakdown of /exportpoll.
ALTER TABLE poll_votes ADD COLUMN language TEXT NOT NULL DEFAULT '';
