package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
)

// Backups (docs/operations.md): an archive is three SQLite files — the
// search index, the archive, the audit log — which a live server goes on
// writing while they are copied. Each is copied with VACUUM INTO, a
// consistent snapshot of one file taken in one read transaction, which
// writers do not wait for. The index is copied first: an archive copied
// after its index holds every change the index holds, and the index
// catches up on the rest when the copy is opened (catchUp), whereas an
// index ahead of its archive would be rebuilt.

// BackupFiles are the names of a data directory's SQLite files, in the
// order a backup copies them.
func BackupFiles() []string {
	archive := FileName
	return []string{filepath.Base(indexPath(archive)), archive, filepath.Base(strings.TrimSuffix(archive, ".db") + "-audit.db")}
}

// CopyDatabase writes a consistent copy of the SQLite database src, live
// or not, to dst, which must not exist.
func CopyDatabase(ctx context.Context, src, dst string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(src)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("back up %s: %w", src, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("back up %s: %w", src, err)
	}
	return nil
}

// CheckDatabase runs SQLite's integrity check on the database at path and
// returns what it reports, nil when it reports "ok".
func CheckDatabase(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: damaged: %s", path, strings.Join(problems, "; "))
	}
	return nil
}
