package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// heldView is a cable as the archive holds it and one reader's view of
// it: traffic decides with it what of a cable's actions, slugs and events
// a reader may be told.
type heldView struct {
	c *cable.Cable
	v *access.CableView // nil when the reader may not know of the cable
	r access.Reader
}

// viewOf returns reader r's view at now of cable id's current version,
// read through x, with the archive's distribution (slugged offices
// included). A cable the archive does not hold has no view.
func viewOf(ctx context.Context, x execer, r access.Reader, id string, now time.Time) (*heldView, error) {
	var row int64
	var raw []byte
	err := x.QueryRowContext(ctx, `SELECT c.rowid, v.raw FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = ?`, id).Scan(&row, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return &heldView{r: r}, nil
	}
	if err != nil {
		return nil, err
	}
	d, err := storedDistribution(ctx, x, row)
	if err != nil {
		return nil, err
	}
	hv := &heldView{c: cabletext.Parse(raw), r: r}
	if v, ok := access.View(r, hv.c, d, now); ok {
		hv.v = v
	}
	return hv, nil
}

// shows reports whether the reader may know of action a of the cable.
func (hv *heldView) shows(a *cable.Action, now time.Time) bool {
	return hv.v != nil && access.ActionShownIn(hv.r, hv.c, a, hv.v, now)
}

// readsAll reports whether the reader reads all of the cable.
func (hv *heldView) readsAll(now time.Time) bool {
	return hv.v != nil && access.ReadsAll(hv.r, hv.c, hv.v, now)
}
