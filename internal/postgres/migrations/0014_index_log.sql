-- The search engine's change log (docs/search.md, "The engine on
-- PostgreSQL"): every `cable serve` process keeps its own copy of the
-- engine in memory and follows this log to stay current. Triggers write
-- it, so that every path that changes what a search may find (imports,
-- the parallel bulk load, versions, rederive, reviews, releases) is
-- followed without remembering to. A row says which portions were added
-- or removed and which cables' classes or facts changed; applying one is
-- order-free (the process reads the rows' current state), so rows may be
-- read in any order and twice.
--
-- xid is the writing transaction: a process reads the rows of the
-- transactions at or after the oldest one running at its last read
-- (pg_snapshot_xmin), because sequence numbers are given before commit
-- and "every row after the last seq read" would miss a slower
-- transaction's rows.
--
-- The trigger functions keep the search_path of the migration (the
-- store's schema), so that a statement from a connection with another
-- search_path still writes this schema's log.
CREATE TABLE index_log (
	seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	xid     XID8 NOT NULL DEFAULT pg_current_xact_id(),
	added   BIGINT[] NOT NULL DEFAULT '{}', -- portion ids
	removed BIGINT[] NOT NULL DEFAULT '{}', -- portion ids
	cables  BIGINT[] NOT NULL DEFAULT '{}'  -- cables whose classes or facts changed
);
CREATE INDEX index_log_xid ON index_log (xid);

-- index_pruned holds the oldest transaction the log still has rows of:
-- a process whose horizon is older missed rows, and rebuilds.
CREATE TABLE index_pruned (
	one   BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
	below XID8 NOT NULL
);
INSERT INTO index_pruned (below) VALUES ('0');

-- index_followers is each process's horizon, refreshed as it reads:
-- rows older than every live follower's are pruned.
CREATE TABLE index_followers (
	id      TEXT PRIMARY KEY,
	horizon XID8 NOT NULL,
	seen    TIMESTAMPTZ NOT NULL
);

CREATE FUNCTION index_log_added() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (added) SELECT array_agg(id) FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;
CREATE FUNCTION index_log_removed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (removed) SELECT array_agg(id) FROM old_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;
-- A portion's row changed (a reviewer held it): its cable's classes.
CREATE FUNCTION index_log_portion_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (cables) SELECT array_agg(DISTINCT cable) FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;
CREATE FUNCTION index_log_cable_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (cables) SELECT array_agg(DISTINCT rowid) FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;
-- A row of a cable's facts (tags, captions, parties, findings) came or went.
CREATE FUNCTION index_log_facts_new() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (cables) SELECT array_agg(DISTINCT cable) FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;
CREATE FUNCTION index_log_facts_old() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO index_log (cables) SELECT array_agg(DISTINCT cable) FROM old_rows HAVING count(*) > 0;
	RETURN NULL;
END $$;

CREATE TRIGGER index_log_portions_ins AFTER INSERT ON portions REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_added();
CREATE TRIGGER index_log_portions_del AFTER DELETE ON portions REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_removed();
CREATE TRIGGER index_log_portions_upd AFTER UPDATE ON portions REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_portion_changed();
CREATE TRIGGER index_log_cables_upd AFTER UPDATE ON cables REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_cable_changed();
CREATE TRIGGER index_log_tags_ins AFTER INSERT ON tags REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_new();
CREATE TRIGGER index_log_tags_del AFTER DELETE ON tags REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_old();
CREATE TRIGGER index_log_captions_ins AFTER INSERT ON captions REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_new();
CREATE TRIGGER index_log_captions_del AFTER DELETE ON captions REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_old();
CREATE TRIGGER index_log_parties_ins AFTER INSERT ON parties REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_new();
CREATE TRIGGER index_log_parties_del AFTER DELETE ON parties REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_old();
CREATE TRIGGER index_log_findings_ins AFTER INSERT ON findings REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_new();
CREATE TRIGGER index_log_findings_del AFTER DELETE ON findings REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION index_log_facts_old();
