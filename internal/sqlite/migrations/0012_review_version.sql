-- A decision applies to the version of the text it was made on
-- (access.changed): paragraph numbers move and new text comes with a new
-- version. Each decision keeps the SHA-256 of the version it was made on;
-- the triggers carry to a new version only decisions made on that very
-- text, and a cable with a decision on another version and no decision on
-- the whole of its current one is not declassified (it waits for review
-- again), whatever its DECL says. Decisions of 0009 are taken to be on
-- the cable's only version; those on a cable with several versions are
-- on an unknown one, and no longer apply (fail closed).
ALTER TABLE reviews ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
UPDATE reviews SET sha256 = (SELECT v.sha256 FROM cable_versions v WHERE v.cable_id = reviews.cable_id)
WHERE (SELECT count(*) FROM cable_versions v WHERE v.cable_id = reviews.cable_id) = 1;
UPDATE cables SET declassified = NULL
WHERE EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = cables.version
	WHERE r.cable_id = cables.id AND r.sha256 <> v.sha256)
AND NOT EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = cables.version
	WHERE r.cable_id = cables.id AND r.part = '' AND r.sha256 = v.sha256);
DROP TRIGGER reviews_cable;
DROP TRIGGER reviews_portion;
CREATE TRIGGER reviews_cable AFTER INSERT ON cables
WHEN EXISTS (SELECT 1 FROM reviews WHERE cable_id = NEW.id)
BEGIN
	UPDATE cables SET declassified = CASE
		WHEN EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = NEW.version
			WHERE r.cable_id = NEW.id AND r.part = '' AND r.sha256 = v.sha256)
		THEN (SELECT CASE WHEN r.action = 'declassify' THEN r.decl END FROM reviews r
			JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = NEW.version
			WHERE r.cable_id = NEW.id AND r.part = '' AND r.sha256 = v.sha256 ORDER BY r.id DESC LIMIT 1)
		WHEN EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = NEW.version
			WHERE r.cable_id = NEW.id AND r.sha256 <> v.sha256)
		THEN NULL
		ELSE declassified END
	WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER reviews_portion AFTER INSERT ON portions
WHEN NEW.kind <> 'unmarked' AND EXISTS (SELECT 1 FROM cables c
	JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
	JOIN reviews r ON r.cable_id = c.id AND r.sha256 = v.sha256
	WHERE c.rowid = NEW.cable AND r.action IN ('exempt', 'redact')
	AND r.part = CASE NEW.kind WHEN 'subject' THEN 'S' ELSE CAST(NEW.number AS TEXT) END)
BEGIN
	UPDATE portions SET held = 1 WHERE id = NEW.id;
END;
