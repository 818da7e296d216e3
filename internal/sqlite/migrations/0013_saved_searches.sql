-- Saved searches (issue 17): a user's searches, and for each the cables it
-- has already shown them; a match not yet shown is a new match, an alert.
-- The store keeps ids only: the server runs each search as its owner.
CREATE TABLE saved_searches (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	query      TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches(user_id, id);
CREATE TABLE saved_search_seen (
	search INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
	cable  TEXT NOT NULL,
	PRIMARY KEY (search, cable)
) WITHOUT ROWID;
