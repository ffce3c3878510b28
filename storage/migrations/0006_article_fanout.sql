-- Articles waiting to be queued for their subscribers: set with the insert, cleared once
-- queued, so a crash between storing and queueing is finished at the next start.
ALTER TABLE articles ADD COLUMN fanout_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_fanout_pending ON articles (id) WHERE fanout_pending = 1;
