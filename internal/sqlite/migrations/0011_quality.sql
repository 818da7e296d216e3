-- Data-quality findings (package quality, docs/archive.md): what is wrong
-- with a cable's text, found at import and stored with its row, for the
-- search filter quality:KIND. Who may know of a finding is decided per
-- kind in the query (quality.go). Archives imported before this migration
-- have none until their cables are imported again.
CREATE TABLE findings (
	cable INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	kind  TEXT NOT NULL,             -- unreadable-mark, missing-decl…
	part  TEXT NOT NULL DEFAULT '',  -- 'S', a paragraph number, '' the cable
	PRIMARY KEY (cable, kind, part)
);
CREATE INDEX findings_kind ON findings (kind, cable);
