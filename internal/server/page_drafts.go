package server

import (
	"net/http"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/traffic"
)

// draftsPage is the data of drafts.html: the drafts the caller may see,
// those waiting for the caller's clearance first.
type draftsPage struct {
	layout
	Pending, Mine, Others []draftRow
}

// draftRow is one draft in the list, with its subject and banner as the
// text writes them and the clearances it still lacks.
type draftRow struct {
	*cable.Draft
	Subject, Class string
	Missing        []string
	// Refused is why the last release was refused, when nothing has
	// happened to the draft since (page_drafts_state.go).
	Refused string
}

// draftsLimit is how many drafts the list shows.
const draftsLimit = 200

// handleDraftsPage lists drafts.
func (s *Server) handleDraftsPage(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	ctx := r.Context()
	ds, err := tr.FindDrafts(ctx, cable.DraftFilter{Limit: draftsLimit})
	if err != nil {
		return err
	}
	u := caller(ctx)
	data := draftsPage{layout: s.page(r, "drafts")}
	for _, d := range ds {
		row := draftRowOf(d)
		switch {
		case pendingFor(u, d):
			data.Pending = append(data.Pending, row)
		case d.Drafter == u.Name:
			data.Mine = append(data.Mine, row)
		default:
			data.Others = append(data.Others, row)
		}
	}
	if err := addRefusals(ctx, tr, data.Mine); err != nil {
		return err
	}
	var marks []string
	for _, rows := range [][]draftRow{data.Pending, data.Mine, data.Others} {
		for _, row := range rows {
			marks = append(marks, row.Class)
		}
	}
	data.PageBanner = rollUpBanners(marks)
	return s.render(w, http.StatusOK, "drafts.html", data)
}

func draftRowOf(d *cable.Draft) draftRow {
	c := cabletext.ParseString(d.Text)
	row := draftRow{Draft: d, Subject: c.Text.Subject, Class: c.Text.Class.Level}
	if b := draftBanner(c); b != "" {
		row.Class = b
	}
	if d.State != cable.DraftReleased {
		row.Missing = traffic.MissingClearances(d)
	}
	return row
}

// pendingFor reports whether d waits for a clearance u may give.
func pendingFor(u *cable.User, d *cable.Draft) bool {
	if d.State == cable.DraftReleased {
		return false
	}
	for _, o := range traffic.MissingClearances(d) {
		if traffic.HasRole(u, cable.RoleClearer, o) {
			return true
		}
	}
	return false
}
