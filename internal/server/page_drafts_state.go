package server

import (
	"context"

	"github.com/cable/cable/internal/cable"
)

// A draft's state says nothing of a refused release: a draft every office
// has cleared stays "cleared" after its releaser is refused, and the
// refusal was only in the draft's history, where a drafter looking at the
// list of drafts never saw it (issue 17, defect 2). The lists show the
// refusal instead, until a later edit or clearance answers it.

// lastRefusal returns the reasons of the last refused release of draft d,
// or "" when there is none or an edit or clearance came after it.
func lastRefusal(ctx context.Context, tr cable.TrafficService, d *cable.Draft) (string, error) {
	if d.State == cable.DraftReleased {
		return "", nil
	}
	es, err := tr.FindEvents(ctx, d.ID, "")
	if err != nil {
		return "", err
	}
	refusal := ""
	for _, e := range es {
		switch e.Kind {
		case cable.EventRefused:
			refusal = e.Detail
			if refusal == "" {
				refusal = "no reason recorded"
			}
		case cable.EventEdited, cable.EventCleared, cable.EventVoided:
			refusal = ""
		}
	}
	return refusal, nil
}

// addRefusals sets the Refused field of the rows the caller drafted: they
// are who must act on a refusal. It asks the store once a row.
func addRefusals(ctx context.Context, tr cable.TrafficService, rows []draftRow) error {
	for i := range rows {
		r, err := lastRefusal(ctx, tr, rows[i].Draft)
		if err != nil {
			return err
		}
		rows[i].Refused = r
	}
	return nil
}
