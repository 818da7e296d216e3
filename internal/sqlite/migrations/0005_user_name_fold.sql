-- User names are unique ignoring case, so that "Admin" cannot be created
-- beside "admin" and pass for them. name_fold is the name as lower() folds
-- it (ASCII letters), unique; CreateUser sets it, and also compares every
-- name with all of Unicode's cases (user.go, nameFree). Names already
-- differing only in case are left without a name_fold (a NULL is unique to
-- nobody), so that those users can still log in; Open warns of them
-- (warnCaseTwins), and no new name can join them.
ALTER TABLE users ADD COLUMN name_fold TEXT;
UPDATE users SET name_fold = lower(name)
	WHERE lower(name) IN (SELECT lower(name) FROM users GROUP BY lower(name) HAVING count(*) = 1);
CREATE UNIQUE INDEX users_name_fold ON users (name_fold);
