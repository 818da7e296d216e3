-- cables: one row per cable id, with the current version's fields that
-- filters, sorting and access decisions need.
CREATE TABLE cables (
	-- rowid is allocated in time order: (minutes since 1900 of the DTG) << 12
	-- plus a slot, so that the rowid order is newest-first and a search
	-- for the newest matches can stop after a page (see import.go).
	rowid          INTEGER PRIMARY KEY,
	id             TEXT NOT NULL UNIQUE,     -- canonical id, 07STATE159388
	version        INTEGER NOT NULL,         -- current version number
	dtg            INTEGER,                  -- unix seconds: DTG, else created date
	year           INTEGER,
	origin         TEXT NOT NULL DEFAULT '', -- FM PLAD, normalised
	origin_name    TEXT NOT NULL DEFAULT '', -- archive origin, "Embassy Beijing"
	subject        TEXT NOT NULL DEFAULT '',
	precedence     INTEGER NOT NULL DEFAULT 0,
	classification TEXT NOT NULL DEFAULT '', -- banner as published
	-- the banner's marking, which unmarked text (subject without a mark,
	-- tags, references, signature) takes
	b_level        INTEGER NOT NULL,
	b_noforn       INTEGER NOT NULL,
	b_plain        INTEGER NOT NULL,
	b_rel          TEXT NOT NULL DEFAULT '', -- ",USA,CHN,NATO,"
	sipdis         INTEGER NOT NULL DEFAULT 0,
	restrictive    INTEGER NOT NULL DEFAULT 0, -- any of NODIS EXDIS LIMDIS STADIS CHEROKEE
	need_nodis     INTEGER NOT NULL DEFAULT 0,
	need_exdis     INTEGER NOT NULL DEFAULT 0,
	need_cherokee  INTEGER NOT NULL DEFAULT 0,
	declassified   TEXT,                     -- YYYY-MM-DD from which every portion is U; NULL never
	subject_level  INTEGER NOT NULL DEFAULT 0,
	updated_at     TEXT NOT NULL
);
CREATE INDEX cables_dtg ON cables(dtg);
CREATE INDEX cables_origin ON cables(origin);

-- cable_versions keeps every text a cable id has had, byte for byte.
CREATE TABLE cable_versions (
	id          INTEGER PRIMARY KEY,
	cable_id    TEXT NOT NULL,
	version     INTEGER NOT NULL,
	sha256      TEXT NOT NULL,
	raw         BLOB NOT NULL,
	imported_at TEXT NOT NULL,
	UNIQUE (cable_id, version),
	UNIQUE (cable_id, sha256)
);

-- parties: the origin, addressees and slugged offices, normalised, which
-- decide distribution (MARKINGS.md §5).
CREATE TABLE parties (
	cable INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	plad  TEXT NOT NULL,
	role  TEXT NOT NULL, -- origin, to, info, slug
	PRIMARY KEY (cable, plad, role)
) WITHOUT ROWID;
CREATE INDEX parties_plad ON parties(plad, cable);

CREATE TABLE tags (
	cable INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	tag   TEXT NOT NULL,
	PRIMARY KEY (cable, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag, cable);

CREATE TABLE captions (
	cable   INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	caption TEXT NOT NULL,
	PRIMARY KEY (cable, caption)
) WITHOUT ROWID;

-- refs: the REF entries; target is the canonical id of a cited cable.
CREATE TABLE refs (
	cable  INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	seq    INTEGER NOT NULL,
	label  TEXT NOT NULL DEFAULT '',
	text   TEXT NOT NULL,
	target TEXT NOT NULL DEFAULT '',
	kind   TEXT NOT NULL,
	PRIMARY KEY (cable, seq)
) WITHOUT ROWID;
CREATE INDEX refs_target ON refs(target) WHERE target <> '';

-- portions: the pieces of the current version that are shown or withheld
-- as a whole (subject, paragraphs, unmarked text), each with its marking.
-- Search indexes portions, so a withheld paragraph's words never match.
CREATE TABLE portions (
	-- id is the cable's rowid << 9 plus the portion's index: the FTS
	-- index's rowid order is then the cables' time order.
	id     INTEGER PRIMARY KEY,
	cable  INTEGER NOT NULL REFERENCES cables(rowid) ON DELETE CASCADE,
	kind   TEXT NOT NULL,    -- subject, paragraph, unmarked
	number INTEGER NOT NULL, -- paragraph number; 0 otherwise
	level  INTEGER NOT NULL, -- 0 U, 1 C, 2 S, 3 TS
	noforn INTEGER NOT NULL,
	plain  INTEGER NOT NULL, -- plain U: no control at all, visible to foreign readers
	rel    TEXT NOT NULL DEFAULT '', -- ",USA,GBR,NATO," REL TO entries
	text   TEXT NOT NULL
);
CREATE INDEX portions_cable ON portions(cable);

CREATE VIRTUAL TABLE portions_fts USING fts5(
	text, content='portions', content_rowid='id', tokenize='porter unicode61'
);
-- The index is kept by the store, not by triggers: rows are added to it
-- with one INSERT … SELECT per batch, because FTS5 flushes its pending
-- terms at every statement savepoint, and a trigger per row made that a
-- flush (and a merge) per portion.

CREATE TABLE users (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	clearance    TEXT NOT NULL,
	citizenship  TEXT NOT NULL,
	posts        TEXT NOT NULL DEFAULT '[]', -- JSON array
	read_ins     TEXT NOT NULL DEFAULT '[]',
	roles        TEXT NOT NULL DEFAULT '[]',
	admin        INTEGER NOT NULL DEFAULT 0,
	password     TEXT NOT NULL, -- pbkdf2-sha256$iterations$salt$hash
	created_at   TEXT NOT NULL
);

CREATE TABLE tokens (
	hash       TEXT PRIMARY KEY, -- sha256 of the token
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	label      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- The audit of reads lives in a database file of its own (see
-- DB.openAudit), so that writing it does not disturb the archive's readers.
