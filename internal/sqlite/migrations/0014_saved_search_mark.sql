-- A saved search remembers the DTG of the newest cable it has shown its
-- owner (issue 17): a match dated after it is new, counted however many
-- there are, where the ids of the newest 100 matches were diffed before.
-- seen_to is unix seconds, 0 for none; the seen ids of a search saved
-- before give it its mark.
ALTER TABLE saved_searches ADD COLUMN seen_to INTEGER NOT NULL DEFAULT 0;
UPDATE saved_searches SET seen_to = coalesce((SELECT max(c.dtg) FROM saved_search_seen s
	JOIN cables c ON c.id = s.cable WHERE s.search = saved_searches.id), 0);
