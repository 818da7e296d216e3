package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/traffic"
)

// viewOf returns reader r's view at now of cable id's current version,
// read through x, with the archive's distribution (slugged offices
// included) and the reviewers' decisions: the view reads give, which
// traffic decides what to tell with (traffic.HeldView).
func viewOf(ctx context.Context, x execer, r access.Reader, id string, now time.Time) (*traffic.HeldView, error) {
	var row int64
	var raw []byte
	var hash string
	err := x.QueryRowContext(ctx, `SELECT c.rowid, v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = ?`, id).Scan(&row, &raw, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return traffic.NewHeldView(r, nil, access.Distribution{}, now), nil
	}
	if err != nil {
		return nil, err
	}
	d, err := storedDistribution(ctx, x, row)
	if err != nil {
		return nil, err
	}
	c := cabletext.Parse(raw)
	if c.Reviews, err = reviewsOf(ctx, x, id, hash); err != nil {
		return nil, err
	}
	return traffic.NewHeldView(r, c, d, now), nil
}
