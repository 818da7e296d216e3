package network_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// TestRelay_OutageCatchUp stops Beijing's node, releases cables of every
// precedence to it while it is down, starts it again (on a new port,
// which Washington is told by a new card), and checks that every copy
// arrives once, the most urgent first, with its receipt back.
func TestRelay_OutageCatchUp(t *testing.T) {
	t.Parallel()
	w, b := pair(t)
	dir := b.dir
	b.stop()
	precs := []cable.Precedence{cable.Routine, cable.Priority, cable.Immediate, cable.NiactImmediate, cable.Flash}
	var ids []string
	for i := range 15 {
		ids = append(ids, w.release(t, i, precs[i%len(precs)], beijing).CableID)
	}
	eventually(t, 5*time.Second, "Washington finds the link down", func() bool {
		ls, err := w.Traffic.Links(w.admin)
		return err == nil && len(ls) == 1 && !ls[0].Up
	})
	b = startNode(t, dir, beijing)
	w.trust(t, b, b.URL())
	b.trust(t, w, w.URL())
	eventually(t, 10*time.Second, "every copy delivered with its receipt back", func() bool {
		for _, id := range ids {
			if ds := w.copies(t, id); ds[0].State != cable.DeliveryDelivered || ds[0].DeliveredBy != beijing {
				return false
			}
		}
		return true
	})
	var got []cable.Precedence
	for _, id := range ids {
		ds := b.copies(t, id)
		if len(ds) != 1 {
			t.Fatalf("Beijing holds %d copies of %s, want 1", len(ds), id)
		}
		got = append(got, ds[0].Precedence)
		_ = ds
	}
	// Beijing's rows were written in the order the copies arrived.
	order := arrivalOrder(t, b, ids)
	for i := 1; i < len(order); i++ {
		if order[i] > order[i-1] {
			t.Errorf("arrival order %v: a %s copy after a %s one", order, order[i], order[i-1])
			break
		}
	}
}

// arrivalOrder returns the precedences of the copies in the order the
// node stored them.
func arrivalOrder(t *testing.T, n *testNode, ids []string) []cable.Precedence {
	t.Helper()
	type row struct {
		id int64
		p  cable.Precedence
	}
	var rows []row
	for _, id := range ids {
		d := n.copies(t, id)[0]
		rows = append(rows, row{d.ID, d.Precedence})
	}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			if rows[j].id < rows[i].id {
				rows[i], rows[j] = rows[j], rows[i]
			}
		}
	}
	var out []cable.Precedence
	for _, r := range rows {
		out = append(out, r.p)
	}
	return out
}
