package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// The web UI's pages are html/template files embedded in the binary and
// parsed once, when the server starts: a template that does not parse
// stops the server from starting, rather than failing a request later.
//
// Every page is layout.html (head, skip link, navigation, footer) with
// the page's own file, which defines "title" and "content"; partials.html
// holds the pieces pages share (banners, portion marks). Each page gets a
// template set of its own because each defines the same block names.

//go:embed templates static
var webFS embed.FS

// pageSet is the parsed pages by file name (inbox.html).
type pageSet map[string]*template.Template

// parsePages parses every page in templates/ with the layout and the
// partials.
func parsePages() (pageSet, error) {
	base, err := template.New("layout.html").Funcs(pageFuncs).ParseFS(webFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(webFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps := pageSet{}
	for _, name := range names {
		file := path.Base(name)
		if file == "layout.html" || file == "partials.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(webFS, name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		ps[file] = t
	}
	return ps, nil
}

// staticHandler serves static/ (the style sheet and the script). They are
// part of the binary, so they may be cached for as long as it runs; the
// version query string on their links changes when they do.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(webFS, "static") // static/ is embedded, so Sub cannot fail
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}

// pageCSP is the Content-Security-Policy of every page: the pages load
// only their own style sheet and script, and post only to themselves.
// Inline scripts and styles are refused, so an injected tag does nothing.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// layout is what the layout needs of every page.
type layout struct {
	User *cable.User
	Nav  string // the current section: inbox, compose, drafts, search, admin
	// Traffic: the store serves traffic. Inbox: the caller belongs to a
	// post or office; Drafts: the caller holds a traffic role; Compose:
	// the caller may draft. The navigation shows what applies.
	Traffic, Inbox, Drafts, Compose bool
	Flash                           string // a one-line confirmation, from ?done=
	// Budget is the notice of a reader past 80% of their read budget.
	Budget string
	// Unread counts the caller's unread copies for the navigation: "" for
	// none, "99+" past 99.
	Unread string
	// PageBanner is the banner the layout draws at top and bottom; empty
	// on the pages that draw their own (page_banner.go).
	PageBanner string
	// Saved: the store keeps saved searches; Alerts counts their new
	// matches for the navigation, as Unread does (page_saved.go).
	Saved  bool
	Alerts string
}

// page returns the layout of a page in section nav, for the caller.
func (s *Server) page(r *http.Request, nav string) layout {
	l := s.pageNoCount(r, nav)
	if l.Saved {
		l.Alerts = s.alertCount(r)
	}
	return l
}

// pageNoCount is page without the count of saved searches' new matches,
// for a page that counts them itself.
func (s *Server) pageNoCount(r *http.Request, nav string) layout {
	_, tr := s.traffic()
	u := caller(r.Context())
	l := layout{User: u, Nav: nav, Traffic: tr, Flash: doneMessage(r.URL.Query().Get("done")), Budget: s.budgetNotice(r.Context()),
		PageBanner: unclassified}
	if tr && u != nil {
		l.Inbox = len(traffic.Sites(u)) > 0
		if l.Inbox {
			l.Unread = s.unreadCount(r)
		}
		l.Drafts = len(u.Roles) > 0
		l.Compose = hasAnyRole(u, cable.RoleDrafter)
	}
	if _, ok := s.savedSearches(); ok && u != nil {
		l.Saved = true
	}
	return l
}

// render executes page name with data and writes it with status. The page
// is rendered into a buffer first, so that a template error becomes an
// error page and not half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %s", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	writeHTML(w, status, b.Bytes())
	return nil
}

// renderFragment executes one named template of page name, without the
// layout: the answer to the compose page's live check.
func (s *Server) renderFragment(w http.ResponseWriter, name, block string, data any) error {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, block, data); err != nil {
		return fmt.Errorf("render %s %s: %w", name, block, err)
	}
	writeHTML(w, http.StatusOK, b.Bytes())
	return nil
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	w.WriteHeader(status)
	w.Write(body)
}

// redirect answers a form post with 303 See Other to path, so that
// reloading the next page does not post the form again.
func redirect(w http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// withDone adds a confirmation code to a path; the next page shows its
// message (doneMessage). Codes, not messages, travel in the URL, so a link
// cannot make a page say anything else.
func withDone(p, code string) string {
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "done=" + url.QueryEscape(code)
}

// doneMessage returns the confirmation of a code of withDone.
func doneMessage(code string) string {
	return map[string]string{
		"acked":          "Acknowledged.",
		"saved":          "Draft saved. Any clearances given before this edit are void.",
		"created":        "Draft created.",
		"cleared":        "Cleared.",
		"released":       "Released.",
		"user-added":     "User added.",
		"user-saved":     "User saved.",
		"site-added":     "Directory entry added.",
		"logged-out":     "You have logged out.",
		"session-end":    "Your session has ended: log in again.",
		"raise-asked":    "Your request has gone to the security officers.",
		"decided":        "Decision recorded.",
		"change-pending": "The change of access waits for a second administrator's approval (below, on the admin page).",
		"search-saved":   "Search saved: new cables that match it will be counted here and in the navigation.",
		"search-deleted": "Saved search deleted.",
		"search-seen":    "Marked as seen.",
	}[code]
}
