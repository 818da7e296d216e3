-- A decision applies to the version of the text it was made on, as
-- sqlite's 0010 (access.changed): each decision keeps the SHA-256 of its
-- version; the triggers carry to a new version only decisions made on
-- that very text, and a cable with a decision on another version and no
-- decision on the whole of its current one is not declassified, whatever
-- its DECL says. Decisions of 0009 are taken to be on the cable's only
-- version; those on a cable with several versions no longer apply.
ALTER TABLE reviews ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
UPDATE reviews SET sha256 = (SELECT v.sha256 FROM cable_versions v WHERE v.cable_id = reviews.cable_id)
WHERE (SELECT count(*) FROM cable_versions v WHERE v.cable_id = reviews.cable_id) = 1;
UPDATE cables SET declassified = NULL
WHERE EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = cables.version
	WHERE r.cable_id = cables.id AND r.sha256 <> v.sha256)
AND NOT EXISTS (SELECT 1 FROM reviews r JOIN cable_versions v ON v.cable_id = r.cable_id AND v.version = cables.version
	WHERE r.cable_id = cables.id AND r.part = '' AND r.sha256 = v.sha256);

CREATE OR REPLACE FUNCTION reviews_cable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	cur TEXT;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM reviews WHERE cable_id = NEW.id) THEN
		RETURN NEW;
	END IF;
	cur := (SELECT sha256 FROM cable_versions WHERE cable_id = NEW.id AND version = NEW.version);
	IF EXISTS (SELECT 1 FROM reviews WHERE cable_id = NEW.id AND part = '' AND sha256 = cur) THEN
		NEW.declassified := (SELECT CASE WHEN action = 'declassify' THEN decl END FROM reviews
			WHERE cable_id = NEW.id AND part = '' AND sha256 = cur ORDER BY id DESC LIMIT 1);
	ELSIF cur IS NULL OR EXISTS (SELECT 1 FROM reviews WHERE cable_id = NEW.id AND sha256 <> cur) THEN
		NEW.declassified := NULL;
	END IF;
	RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION reviews_portion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.kind <> 'unmarked' AND EXISTS (SELECT 1 FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		JOIN reviews r ON r.cable_id = c.id AND r.sha256 = v.sha256
		WHERE c.rowid = NEW.cable AND r.action IN ('exempt', 'redact')
		AND r.part = CASE NEW.kind WHEN 'subject' THEN 'S' ELSE NEW.number::text END) THEN
		NEW.held := true;
	END IF;
	RETURN NEW;
END $$;
