-- The tamper-evident audit log (docs/security.md, package audit): entries
-- numbered without gaps, each with its RFC 6962 leaf hash; the tree's
-- frontier in audit_head's one row, which every append locks FOR UPDATE
-- (a sequence has gaps, and several servers may share the database); and
-- the signed tree heads. The rows of the old table audit are appended to
-- the tree, in order, by the Go code that runs after the migrations
-- (migrateAuditRows), since their hashes are computed there.
CREATE TABLE audit_log (
	seq       BIGINT PRIMARY KEY,
	at        TIMESTAMPTZ NOT NULL,
	user_name TEXT NOT NULL,
	action    TEXT NOT NULL,
	cable     TEXT NOT NULL DEFAULT '',
	detail    TEXT NOT NULL DEFAULT '',
	client    TEXT NOT NULL DEFAULT '',
	leaf      BYTEA NOT NULL
);
CREATE INDEX audit_log_cable ON audit_log(cable, seq);

CREATE TABLE audit_head (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	frontier BYTEA NOT NULL
);
INSERT INTO audit_head VALUES (1, '\x0000000000000000'::bytea);

CREATE TABLE audit_tree_heads (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	size      BIGINT NOT NULL,
	root      BYTEA NOT NULL,
	at_ms     BIGINT NOT NULL,
	key_id    TEXT NOT NULL,
	signature BYTEA NOT NULL
);
