-- Data-quality findings (package quality, docs/archive.md), as sqlite's
-- 0010: found at import, stored with the cable's row, for the search
-- filter quality:KIND; who may know of one is decided per kind in the
-- query (quality.go). Archives imported before have none until their
-- cables are imported again.
CREATE TABLE findings (
	cable BIGINT NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	kind  TEXT NOT NULL,
	part  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (cable, kind, part)
);
CREATE INDEX findings_kind ON findings (kind, cable);
