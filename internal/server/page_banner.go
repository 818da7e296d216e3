package server

import (
	"net/http"
	"strconv"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Every page carries the banner of what it shows, at top and bottom
// (issue 17): a cable's or draft's page its own (cable.html,
// compose.html, telegram.html, versions.html draw it), a list the roll-up
// of the markings it lists, and a page that shows no cable text
// UNCLASSIFIED. The layout draws layout.PageBanner; s.page sets it to
// UNCLASSIFIED and the pages that draw their own clear it.

// unclassified is the banner of a page that shows no classified text.
var unclassified = marking.Unclassified.Word()

// rollUpBanners returns the banner over every marking a list shows: the
// roll-up of those that can be read (SECRET and CONFIDENTIAL//NOFORN give
// SECRET//NOFORN), UNCLASSIFIED when there is none. An empty marking is
// one the reader may not see, whose text the page does not show either.
func rollUpBanners(marks []string) string {
	var ms []marking.Marking
	for _, s := range marks {
		if s == "" {
			continue
		}
		if m, err := marking.ParseBanner(s); err == nil {
			ms = append(ms, m)
		} else if m, _, err := marking.ReadMark(s); err == nil {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return unclassified
	}
	return marking.RollUp(ms).Banner()
}

// unreadLimit is how many unread copies the navigation counts.
const unreadLimit = 99

// unreadCount returns the caller's unread copies as the navigation shows
// them: "" for none (or when the store cannot say), "99+" past the
// limit, which bounds the query every page makes.
func (s *Server) unreadCount(r *http.Request) string {
	tr, ok := s.traffic()
	if !ok {
		return ""
	}
	items, err := tr.Inbox(r.Context(), cable.InboxFilter{Unread: true, Limit: unreadLimit + 1})
	switch {
	case err != nil || len(items) == 0:
		return ""
	case len(items) > unreadLimit:
		return strconv.Itoa(unreadLimit) + "+"
	}
	return strconv.Itoa(len(items))
}
