-- The editor's chat of a breaking-news publication (paid broadcast) while its fan-out waits to
-- be queued (NULL: an ordinary one), so a crash between storing and queueing resumes it paid.
ALTER TABLE articles ADD COLUMN fanout_editor INTEGER;
