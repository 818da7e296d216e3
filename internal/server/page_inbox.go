package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

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
	// Precedence, State and Sort are the filters and order of the rest
	// of the inbox (cable.InboxFilter), as the query names them.
	Precedence, State, Sort string
	// Await are the FLASH and NIACT copies that wait for an
	// acknowledgement, pinned above every page; Items one page of the
	// rest, in the store's order (unread, precedence, newest first).
	Await, Items []*cable.InboxItem
	// Page is the page number, from 1; First is the position of Items'
	// first copy among the rest; More says another page follows.
	Page, First int
	More        bool
	// Query is the filter's query string, for the pager's links.
	Query string
	// Actions are the open action requests of the caller's sites, overdue
	// ones first.
	Actions []*cable.Action
	// Pending are the drafts waiting for a clearance the caller may give;
	// Mine the caller's own drafts not yet released.
	Pending, Mine []draftRow
}

// inboxPageSize is how many copies one page of the inbox lists, and
// inboxPinned how many awaiting copies it pins at most. The inbox used to
// stop at 100 rows without a word (issue 17, defect 3); now it pages.
const (
	inboxPageSize = 50
	inboxPinned   = 200
	// inboxActions is how many open action requests the inbox lists, the
	// soonest due first.
	inboxActions = 200
)

// handleInboxPage shows the caller's inbox. On a store without traffic it
// sends the caller to search, the archive's front page.
func (s *Server) handleInboxPage(w http.ResponseWriter, r *http.Request) error {
	tr, ok := s.traffic()
	if !ok {
		return redirect(w, r, "/search")
	}
	ctx := r.Context()
	data, err := s.inboxData(r, tr)
	if err != nil {
		return err
	}
	as, err := openActions(r, tr, data.Sites)
	if err != nil {
		return err
	}
	seen := map[string]seenCable{}
	if data.Actions, err = s.actionsAsSeen(r, as, seen); err != nil {
		return err
	}
	if data.Pending, data.Mine, err = waitingDrafts(r, tr); err != nil {
		return err
	}
	if err := addRefusals(ctx, tr, data.Mine); err != nil {
		return err
	}
	data.PageBanner = inboxBanner(data, seen)
	return s.render(w, http.StatusOK, "inbox.html", data)
}

// inboxBanner is the roll-up of what the inbox shows: its copies, the
// cables its action requests come from, its drafts.
func inboxBanner(data inboxPage, seen map[string]seenCable) string {
	var marks []string
	for _, it := range append(slices.Clip(data.Await), data.Items...) {
		marks = append(marks, it.Classification)
	}
	for _, a := range data.Actions {
		if sc := seen[a.CableID]; sc.v != nil {
			marks = append(marks, sc.v.Banner())
		}
	}
	for _, d := range append(slices.Clip(data.Pending), data.Mine...) {
		marks = append(marks, d.Class)
	}
	return rollUpBanners(marks)
}

// inboxData reads the filter and page of the request and fetches the
// pinned copies and one page of the rest. The store orders the copies
// awaiting acknowledgement first, so the rest begins after them.
func (s *Server) inboxData(r *http.Request, tr cable.TrafficService) (inboxPage, error) {
	u := caller(r.Context())
	q := r.URL.Query()
	data := inboxPage{layout: s.page(r, "inbox"), Sites: traffic.Sites(u), Site: q.Get("site"), Unread: q.Get("unread") == "1", Page: 1,
		Precedence: q.Get("precedence"), State: q.Get("state"), Sort: q.Get("sort")}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		data.Page = n
	}
	f, err := inboxFilterOf(q)
	if err != nil {
		return data, err
	}
	// The copies awaiting an acknowledgement are pinned above the rest
	// whatever its filter and sort: urgent traffic is never filtered away.
	pinned := cable.InboxFilter{Site: data.Site, Unread: data.Unread, Unacked: true, Limit: inboxPinned}
	if data.Await, err = tr.Inbox(r.Context(), pinned); err != nil {
		return data, err
	}
	data.First = (data.Page - 1) * inboxPageSize
	f.Settled, f.Offset, f.Limit = true, data.First, inboxPageSize+1
	if data.Items, err = tr.Inbox(r.Context(), f); err != nil {
		return data, err
	}
	if len(data.Items) > inboxPageSize {
		data.Items, data.More = data.Items[:inboxPageSize], true
	}
	keep := url.Values{}
	for _, k := range []string{"site", "unread", "precedence", "state", "sort"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	data.Query = keep.Encode()
	return data, nil
}

// inboxFilterOf reads an inbox's filters and order from a query, as the
// inbox page and GET /api/v1/inbox name them: site, unread=1, precedence
// (a word or prosign), state (cable.InboxStates) and sort
// (cable.InboxSorts). unacked, limit and offset are the API's own.
func inboxFilterOf(q url.Values) (cable.InboxFilter, error) {
	f := cable.InboxFilter{Site: q.Get("site"), Unread: q.Get("unread") == "1", State: q.Get("state"), Sort: q.Get("sort")}
	if p := q.Get("precedence"); p != "" {
		var err error
		if f.Precedence, err = cable.ParsePrecedence(p); err != nil {
			return f, cable.Errorf(cable.Invalid, "precedence: %v", err)
		}
	}
	return f, f.Check()
}

// openActions returns the open action requests owned by any of sites, in
// one query however many sites the caller serves (it was one a site: 1.7
// to 5 seconds for a user of a thousand), overdue ones first.
func openActions(r *http.Request, tr cable.TrafficService, sites []string) ([]*cable.Action, error) {
	if len(sites) == 0 {
		return nil, nil // no Sites would be every owner's
	}
	out, err := tr.FindActions(r.Context(), cable.ActionFilter{Sites: sites, Open: true, Limit: inboxActions})
	if err != nil {
		return nil, err
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

// handleAckForm acknowledges copies, then goes back to the page the form
// was on. A form names one copy by cable and site (the cable page), or by
// one="ID|SITE" (a row's button in the inbox), or several by copy="ID|SITE"
// (the inbox's checkboxes, acknowledged in bulk).
func (s *Server) handleAckForm(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return cable.Errorf(cable.Invalid, "read the form: %v", err)
	}
	copies := r.PostForm["copy"]
	switch {
	case r.PostForm.Get("one") != "":
		copies = []string{r.PostForm.Get("one")}
	case r.PostForm.Get("cable") != "":
		copies = []string{r.PostForm.Get("cable") + "|" + r.PostForm.Get("site")}
	}
	if len(copies) == 0 {
		return cable.Errorf(cable.Invalid, "Select the copies to acknowledge.")
	}
	// Every copy must be at one of the caller's own sites before any is
	// acknowledged: a form forged to name another office's copy
	// acknowledges nothing, not the copies listed before it. (The store
	// checks each copy again, and that the caller may know of its cable.)
	for _, c := range copies {
		_, site, _ := strings.Cut(c, "|")
		if _, err := traffic.InboxSites(caller(r.Context()), site); err != nil {
			return cable.Errorf(cable.Invalid, "%s is not one of your posts or offices: nothing was acknowledged", traffic.Norm(site))
		}
	}
	for _, c := range copies {
		raw, site, _ := strings.Cut(c, "|")
		id := canonicalCableID(raw)
		if _, err := tr.Acknowledge(r.Context(), id, site); err != nil {
			return err
		}
		s.Logger.Info("acknowledged", "cable", id, "site", site, "user", userName(r.Context()))
	}
	back := safeNext(r.PostFormValue("back"))
	return redirect(w, r, withDone(back, "acked"))
}

// Escalated counts the copies awaiting acknowledgement that have been
// escalated, for the page's title: a duty officer's tab shows it.
func (p inboxPage) Escalated() int {
	n := 0
	for _, it := range p.Await {
		if it.EscalationLevel() > 0 {
			n++
		}
	}
	return n
}
