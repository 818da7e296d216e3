package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"path/filepath"

	"modernc.org/sqlite"
)

// attachIndex returns a connector for the archive's readers: each of its
// connections attaches the index file as "ix", read-only and mapped, so
// that queries name portions_fts as if it were the archive's.
func attachIndex(dsn, index string) driver.Connector {
	d := &sqlite.Driver{}
	d.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, _ string) error {
		ctx := context.Background()
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS ix`,
			[]driver.NamedValue{{Ordinal: 1, Value: "file:" + filepath.ToSlash(index) + "?mode=ro"}}); err != nil {
			return fmt.Errorf("attach search index: %w", err)
		}
		_, err := conn.ExecContext(ctx, `PRAGMA ix.mmap_size = 2147418112`, nil)
		return err
	})
	return connector{d, dsn}
}

// connector opens connections of a driver of its own.
type connector struct {
	d   *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.d }
