package server

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// traffic returns the store's traffic service, when it has one: the
// archive pages work on any store, the inbox, compose and draft pages only
// on one that moves traffic.
func (s *Server) traffic() (cable.TrafficService, bool) {
	t, ok := s.DB.(cable.TrafficService)
	return t, ok
}

// needTraffic returns the traffic service or an error page's error.
func (s *Server) needTraffic() (cable.TrafficService, error) {
	t, ok := s.traffic()
	if !ok {
		return nil, cable.Errorf(cable.Unavailable, "this server keeps an archive only: drafting and inboxes are not enabled")
	}
	return t, nil
}

// handleStatic serves the style sheet and the script.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	staticHandler().ServeHTTP(w, r)
	return nil
}

// handlePageNotFound is the page for a path no route serves.
func (s *Server) handlePageNotFound(w http.ResponseWriter, r *http.Request) error {
	return cable.Errorf(cable.NotFound, "There is no page at %s.", r.URL.Path)
}

// pageFuncs are the functions templates may call.
var pageFuncs = template.FuncMap{
	"lvl":      levelClass,
	"portion":  canonicalMark,
	"when":     when,
	"day":      day,
	"duration": shortDuration,
	"join":     strings.Join,
	"add":      func(a, b int) int { return a + b },
	"userFields": func(f userForm, levels []struct{ Code, Word string }) userPage {
		return userPage{Form: f, Levels: levels}
	},
	"reflow": reflow,
	"levels": func() []string { return []string{"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"} },
	"precedences": func() []string {
		var out []string
		for _, p := range cable.Precedences {
			out = append(out, p.String())
		}
		return out
	},
	// inboxStates names each inbox state (cable.InboxStates), in order,
	// for the inbox's filter.
	"inboxStates": func() []struct{ Value, Name string } {
		return []struct{ Value, Name string }{{cable.InboxAwaiting, "awaiting acknowledgement"}, {cable.InboxUnread, "unread"},
			{cable.InboxRead, "read, not acknowledged"}, {cable.InboxAcknowledged, "acknowledged"}}
	},
}

// levelClass returns the CSS class that colours a marking by its level,
// as readers are trained to see them: lvl-u (green), lvl-c (blue), lvl-s
// (red), lvl-ts (orange). It reads a portion mark (S//NF), a banner
// (SECRET//NOFORN) or a level word; lvl-x when it can read none, which is
// drawn grey so that an unreadable mark never looks unclassified.
func levelClass(mark string) string {
	m, _, err := marking.ReadMark(mark)
	if err != nil {
		if m, err = marking.ParseBanner(mark); err != nil {
			return "lvl-x"
		}
	}
	return "lvl-" + strings.ToLower(m.Level.String())
}

// canonicalMark returns the canonical form of a portion mark as written
// (S/NF gives S//NF), or the mark as written when it cannot be read.
func canonicalMark(mark string) string {
	if m, _, err := marking.ReadMark(mark); err == nil {
		return m.Portion()
	}
	return mark
}

// when writes an instant as cable users read times: UTC, to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04Z")
}

// day writes the day of an instant.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
