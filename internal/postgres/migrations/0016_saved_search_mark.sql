-- A saved search remembers the DTG of the newest cable it has shown its
-- owner (issue 17): a match dated after it is new, counted however many
-- there are, where the ids of the newest 100 matches were diffed before.
-- seen_to is unix seconds, 0 for none; the seen ids of a search saved
-- before give it its mark.
ALTER TABLE saved_searches ADD COLUMN seen_to BIGINT NOT NULL DEFAULT 0;
UPDATE saved_searches ss SET seen_to = coalesce((SELECT extract(epoch FROM max(c.dtg))::bigint FROM saved_search_seen s
	JOIN cables c ON c.id = s.cable WHERE s.search = ss.id), 0);
