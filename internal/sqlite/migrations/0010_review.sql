-- Declassification review (docs/archive.md): reviewers' decisions, kept
-- beside the text they never change. Their effect on access lives in the
-- columns the access predicates read (visibility.go), kept by triggers so
-- that every path that stores a row (import, a new version, rederive,
-- traffic, the network) keeps it: a cable's declassified date follows the
-- last decision on the whole cable, and portions.held marks a subject or
-- paragraph exempted or redacted, which stays classified when its cable
-- is declassified.
CREATE TABLE reviews (
	id       INTEGER PRIMARY KEY,
	cable_id TEXT NOT NULL,
	part     TEXT NOT NULL DEFAULT '',  -- '' the cable, 'S' the subject, '3' paragraph 3
	action   TEXT NOT NULL,             -- declassify, exempt, redact
	decl     TEXT,                      -- YYYY-MM-DD, for declassify
	code     TEXT NOT NULL DEFAULT '',  -- 25X1…, (b)(1)…
	reason   TEXT NOT NULL DEFAULT '',
	reviewer TEXT NOT NULL,
	at       TEXT NOT NULL
);
CREATE INDEX reviews_cable ON reviews (cable_id, part, id);
ALTER TABLE portions ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER reviews_cable AFTER INSERT ON cables
WHEN EXISTS (SELECT 1 FROM reviews WHERE cable_id = NEW.id AND part = '')
BEGIN
	UPDATE cables SET declassified = (SELECT CASE WHEN action = 'declassify' THEN decl END FROM reviews
		WHERE cable_id = NEW.id AND part = '' ORDER BY id DESC LIMIT 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER reviews_portion AFTER INSERT ON portions
WHEN NEW.kind <> 'unmarked' AND EXISTS (SELECT 1 FROM cables c JOIN reviews r ON r.cable_id = c.id
	WHERE c.rowid = NEW.cable AND r.action IN ('exempt', 'redact')
	AND r.part = CASE NEW.kind WHEN 'subject' THEN 'S' ELSE CAST(NEW.number AS TEXT) END)
BEGIN
	UPDATE portions SET held = 1 WHERE id = NEW.id;
END;
