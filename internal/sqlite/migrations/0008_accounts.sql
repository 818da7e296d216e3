-- Accounts that can be revoked (docs/security.md, package guard): API
-- tokens get an id, an end, their last use and a revocation, and the
-- addresses they were used from; sessions become rows; failed logins are
-- counted per account and per address; changes of access wait for a
-- second administrator. Times are microseconds since 1970 (0: none), as
-- package guard writes them for both stores. Numbered from 0010: another
-- branch may take 0007-0009.
ALTER TABLE tokens ADD COLUMN id INTEGER;
ALTER TABLE tokens ADD COLUMN expires INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0;
UPDATE tokens SET id = rowid;
CREATE UNIQUE INDEX tokens_id ON tokens (id);
CREATE TRIGGER tokens_id AFTER INSERT ON tokens WHEN NEW.id IS NULL
BEGIN UPDATE tokens SET id = NEW.rowid WHERE rowid = NEW.rowid; END;
CREATE TABLE token_addrs (token_hash TEXT NOT NULL, addr TEXT NOT NULL, first_at INTEGER NOT NULL,
	PRIMARY KEY (token_hash, addr));
CREATE TABLE sessions (hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL, expires INTEGER NOT NULL);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_failures (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at INTEGER NOT NULL);
CREATE TABLE user_changes (id INTEGER PRIMARY KEY, target TEXT NOT NULL, change TEXT NOT NULL,
	requested_by TEXT NOT NULL, requested_at INTEGER NOT NULL, status TEXT NOT NULL,
	decided_by TEXT NOT NULL DEFAULT '', decided_at INTEGER NOT NULL DEFAULT 0);
