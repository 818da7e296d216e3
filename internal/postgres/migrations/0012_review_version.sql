-- A decision applies to the version of the text it was made on, as
-- sqlite's 0010 (access.changed): each decision keeps the SHA-256 of its
-- version; the triggers (0010's, per statement) carry to a new version only decisions made on
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

-- A cable row inserted (a new version is a new row): the last decision on
-- the whole of its current text sets its date; with none, a decision on
-- another version withholds it from declassification by date.
CREATE OR REPLACE FUNCTION reviews_cables() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM reviews) THEN
		UPDATE cables c SET declassified = CASE
			WHEN v.sha256 IS NOT NULL AND EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = c.id AND r.part = '' AND r.sha256 = v.sha256)
				THEN (SELECT CASE WHEN r.action = 'declassify' THEN r.decl END FROM reviews r
					WHERE r.cable_id = c.id AND r.part = '' AND r.sha256 = v.sha256 ORDER BY r.id DESC LIMIT 1)
			WHEN v.sha256 IS NULL OR EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = c.id AND r.sha256 <> v.sha256)
				THEN NULL
			ELSE c.declassified END
		FROM new_cables n LEFT JOIN cable_versions v ON v.cable_id = n.id AND v.version = n.version
		WHERE c.rowid = n.rowid AND EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = n.id);
	END IF;
	RETURN NULL;
END $$;

-- A portion inserted is held when a decision on its cable's current text
-- exempts or redacts its part.
CREATE OR REPLACE FUNCTION reviews_portions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM reviews WHERE action IN ('exempt', 'redact')) THEN
		UPDATE portions p SET held = true
		FROM new_portions n JOIN cables c ON c.rowid = n.cable
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		JOIN reviews r ON r.cable_id = c.id AND r.sha256 = v.sha256 AND r.action IN ('exempt', 'redact')
			AND r.part = CASE n.kind WHEN 'subject' THEN 'S' ELSE n.number::text END
		WHERE p.id = n.id AND n.kind <> 'unmarked';
	END IF;
	RETURN NULL;
END $$;
