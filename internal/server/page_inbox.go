package server

import (
	"net/http"
	"slices"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// inboxPage is the data of inbox.html: the traffic delivered to the
// caller's posts and offices, and what waits on them.
type inboxPage struct {
	layout
	// Sites are the caller's posts and offices; Site narrows the inbox to
	// one of them and Unread to copies not yet read.
	Sites  []string
	Site   string
	Unread bool
	// Await are the FLASH and NIACT copies that wait for an
	// acknowledgement; Items the rest, in the store's order (precedence,
	// then newest first).
	Await, Items []*cable.InboxItem
	// Actions are the open action requests of the caller's sites, overdue
	// ones marked so.
	Actions []*cable.Action
	// Pending are the drafts waiting for a clearance the caller may give;
	// Mine the caller's own drafts not yet released.
	Pending, Mine []draftRow
}

// inboxLimit is how many copies the inbox page lists.
const inboxLimit = 100

// handleInboxPage shows the caller's inbox. On a store without traffic it
// sends the caller to search, the archive's front page.
func (s *Server) handleInboxPage(w http.ResponseWriter, r *http.Request) error {
	tr, ok := s.traffic()
	if !ok {
		return redirect(w, r, "/search")
	}
	ctx := r.Context()
	u := caller(ctx)
	q := r.URL.Query()
	data := inboxPage{layout: s.page(r, "inbox"), Sites: traffic.Sites(u), Site: q.Get("site"), Unread: q.Get("unread") == "1"}
	items, err := tr.Inbox(ctx, cable.InboxFilter{Site: data.Site, Unread: data.Unread, Limit: inboxLimit})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.AckRequired && it.AckedBy == "" {
			data.Await = append(data.Await, it)
		} else {
			data.Items = append(data.Items, it)
		}
	}
	as, err := openActions(r, tr, data.Sites)
	if err != nil {
		return err
	}
	if data.Actions, err = s.actionsAsSeen(r, as, map[string]seenCable{}); err != nil {
		return err
	}
	if data.Pending, data.Mine, err = waitingDrafts(r, tr); err != nil {
		return err
	}
	if err := addRefusals(ctx, tr, data.Mine); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "inbox.html", data)
}

// openActions returns the open action requests owned by any of sites.
func openActions(r *http.Request, tr cable.TrafficService, sites []string) ([]*cable.Action, error) {
	var out []*cable.Action
	for _, site := range sites {
		as, err := tr.FindActions(r.Context(), cable.ActionFilter{Site: site, Open: true, Limit: 50})
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	slices.SortStableFunc(out, func(a, b *cable.Action) int {
		return overdueFirst(a) - overdueFirst(b)
	})
	return out, nil
}

func overdueFirst(a *cable.Action) int {
	if a.State == cable.ActionOverdue {
		return 0
	}
	return 1
}

// waitingDrafts returns the drafts the caller may clear and the caller's
// own unreleased drafts.
func waitingDrafts(r *http.Request, tr cable.TrafficService) (pending, mine []draftRow, err error) {
	ctx := r.Context()
	all, err := tr.FindDrafts(ctx, cable.DraftFilter{Limit: draftsLimit})
	if err != nil {
		return nil, nil, err
	}
	u := caller(ctx)
	for _, d := range all {
		switch {
		case pendingFor(u, d):
			pending = append(pending, draftRowOf(d))
		case d.Drafter == u.Name && d.State != cable.DraftReleased:
			mine = append(mine, draftRowOf(d))
		}
	}
	return pending, mine, nil
}

// handleAckForm acknowledges the caller's copies of a cable, then goes
// back to the page the form was on.
func (s *Server) handleAckForm(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	id := canonicalCableID(r.PostFormValue("cable"))
	if _, err := tr.Acknowledge(r.Context(), id, r.PostFormValue("site")); err != nil {
		return err
	}
	s.Logger.Info("acknowledged", "cable", id, "user", userName(r.Context()))
	back := safeNext(r.PostFormValue("back"))
	return redirect(w, r, withDone(back, "acked"))
}
