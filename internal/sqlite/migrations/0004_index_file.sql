-- The search index moves to a file of its own beside the archive
-- (index.go), written by a second writer on the second core. The archive
-- queues each import's change to it, in the import's transaction; the
-- index applies the queue and records how far it got. Opening the archive
-- rebuilds the new index file from the raw texts.
DROP TABLE portions_fts;
CREATE TABLE index_queue (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	added   TEXT NOT NULL, -- JSON array of the cable rowids whose portions enter the index
	removed TEXT NOT NULL  -- JSON array of the portion ids that leave it
);
-- retired_rows holds the rowids of removed cables (replaced by a new
-- version), which are never given to another cable: a portion id then
-- always names the same text, in the archive and in the index.
CREATE TABLE retired_rows (rowid INTEGER PRIMARY KEY);
-- The index keeps the portions' text; the archive keeps the subject's,
-- which inboxes list.
UPDATE portions SET text = '' WHERE kind <> 'subject';
