package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/traffic"
)

// The reader's view of a cable (MARKINGS.md §6): its banner at top and
// bottom, the header laid out, each paragraph with its portion mark
// coloured by level, withheld paragraphs as one-line placeholders (or, in
// a release copy, not at all), references as links, what cites it, and
// its thread. Everything on the page comes from the view access.View
// makes, never from the stored cable, so nothing withheld can reach the
// page.

// cablePage is the data of cable.html.
type cablePage struct {
	layout
	ID   string
	View *access.CableView
	// Country is set on a release copy made on request: the page shows
	// what that government may be given.
	Country, CountryName string
	Subject              subjectView
	Paras                []paraView
	Refs                 []refView
	Graph                *refGraph
	Thread, CitedBy      []cable.RefLink
	Actions              []*cable.Action
	// Unacked are the caller's FLASH and NIACT copies of the cable that
	// wait for an acknowledgement.
	Unacked []*cable.InboxItem
	// CanRaw: the caller may read the stored text (readsAll). CanReply:
	// the caller may draft somewhere.
	CanRaw, CanReply bool
	Countries        []countryOption
	// Signature says who sealed the cable and whether it verifies; nil
	// when the store keeps no signatures.
	Signature *cable.Signature
	// Versions are the stored versions, oldest first: the page says when
	// the text shown replaced another.
	Versions []cable.Version
	// DeclassifiedOn is the day the cable was declassified from, by its
	// DECL or a reviewer's decision, when the view is declassified: the
	// page says so beside its banner.
	DeclassifiedOn time.Time
}

// subjectView is the subject line as the reader sees it.
type subjectView struct {
	Text, Mark string
	Withheld   bool
}

// paraView is one paragraph as the reader sees it.
type paraView struct {
	Number   int
	Mark     string // canonical portion mark, or as written when unreadable
	Heading  string
	Text     string
	Withheld bool
}

// refView is one REF entry: a link when the archive holds the cable and
// the reader may know of it, marked dangling otherwise.
type refView struct {
	Label, Text, ID string
	InArchive       bool
}

// canonicalCableID reads a cable id as a user or a path writes it.
func canonicalCableID(s string) string {
	return cabletext.CanonicalID(strings.ToUpper(strings.TrimSpace(s)))
}

// handleCablePage shows the caller's view of a cable, and records that
// they read it.
func (s *Server) handleCablePage(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	data := s.cableData(r, v)
	data.CanRaw = readsAll(r, c, v, s.Now)
	if v.Declassified {
		data.DeclassifiedOn = access.DeclassifiedOn(c)
	}
	if err := s.addRefs(r, &data); err != nil {
		return err
	}
	if err := s.addTraffic(r, &data, seenCable{c: c, v: v}); err != nil {
		return err
	}
	if err := s.addSignature(r, &data); err != nil {
		return err
	}
	if data.Versions, err = s.DB.FindVersions(r.Context(), c.ID); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "cable.html", data)
}

// cableData lays out view v for the page.
func (s *Server) cableData(r *http.Request, v *access.CableView) cablePage {
	t := &v.Cable.Text
	data := cablePage{layout: s.page(r, ""), ID: v.Cable.ID, View: v, Countries: releaseCountries()}
	data.PageBanner = "" // cable.html draws the view's
	data.Subject = subjectView{Text: t.Subject, Mark: canonicalMark(t.SubjectMark), Withheld: !v.SubjectShown && access.IsPlaceholder(t.Subject)}
	withheld := map[int]bool{}
	for _, n := range v.Withheld {
		withheld[n] = !v.Release
	}
	for _, p := range t.Paragraphs {
		pv := paraView{Number: p.Number, Mark: canonicalMark(p.Mark), Heading: p.Heading, Text: p.Text}
		pv.Withheld = withheld[p.Number] && access.IsPlaceholder(p.Text)
		data.Paras = append(data.Paras, pv)
	}
	for _, ref := range t.References {
		data.Refs = append(data.Refs, refView{Label: ref.Label, Text: ref.Text, ID: ref.ID})
	}
	return data
}

// addRefs adds what the cable cites, what cites it and its thread, as far
// as the store lets the caller know, and draws the graph.
func (s *Server) addRefs(r *http.Request, data *cablePage) error {
	g, err := s.DB.FindRefs(r.Context(), data.ID)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, l := range g.Cites {
		in[l.ID] = l.InArchive
	}
	for i, ref := range data.Refs {
		data.Refs[i].InArchive = ref.ID != "" && in[ref.ID]
	}
	data.Thread, data.CitedBy = g.Thread, g.CitedBy
	data.Graph = drawRefGraph(g, data.View)
	return nil
}

// addTraffic adds what traffic knows of the cable: its action requests and
// the caller's unacknowledged copies, and records that the caller read it.
// sc is the cable and the caller's view of it.
func (s *Server) addTraffic(r *http.Request, data *cablePage, sc seenCable) error {
	tr, ok := s.traffic()
	if !ok {
		return nil
	}
	ctx := r.Context()
	u := caller(ctx)
	data.CanReply = hasAnyRole(u, cable.RoleDrafter)
	if err := tr.MarkRead(ctx, data.ID); err != nil && cable.KindOf(err) != cable.NotFound {
		return err
	}
	as, err := tr.FindActions(ctx, cable.ActionFilter{CableID: data.ID})
	if err != nil {
		return err
	}
	if data.Actions, err = s.actionsAsSeen(r, as, map[string]seenCable{data.ID: sc}); err != nil {
		return err
	}
	if len(traffic.Sites(u)) == 0 {
		return nil
	}
	// The caller's copies of this cable not yet acknowledged: the page
	// offers what the inbox offers (issue 17, defect 3), FLASH and NIACT
	// first, as owed.
	items, err := tr.Inbox(ctx, cable.InboxFilter{CableID: data.ID, Limit: 100})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.AckedBy == "" {
			data.Unacked = append(data.Unacked, it)
		}
	}
	return nil
}

// hasAnyRole reports whether u holds role k anywhere.
func hasAnyRole(u *cable.User, k cable.RoleKind) bool {
	for _, r := range u.Roles {
		if r.Kind == k {
			return true
		}
	}
	return false
}

// handleReleasePage shows the copy of a cable that a foreign government
// may be given (?country=CHN), made as handleCableRelease makes it: never
// more than the caller's own view shows.
func (s *Server) handleReleasePage(w http.ResponseWriter, r *http.Request) error {
	country, err := releaseCountry(r.URL.Query().Get("country"))
	if err != nil {
		return err
	}
	reader := readerOf(r.Context())
	if own, _ := marking.Trigraph(reader.Citizenship); reader.Foreign() && own != country {
		return cable.Errorf(cable.Invalid, "A reader from %s may ask only for the copy for %s.", own, own)
	}
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	rc, ok := access.ReleaseCopy(country, reader.Clearance, c, s.Now())
	if !ok {
		return cable.Errorf(cable.NotFound, "Nothing of cable %s may be released to %s.", c.ID, country)
	}
	if !within(rc, v) {
		return cable.Errorf(cable.Internal, "release copy of %s for %s shows more than the caller's view", c.ID, country)
	}
	if err := s.DB.Audit(r.Context(), audit.KindReleaseCopy, c.ID, "country="+country); err != nil {
		return err
	}
	data := s.cableData(r, rc)
	data.Country = country
	data.CountryName, _ = marking.CountryName(country)
	return s.render(w, http.StatusOK, "cable.html", data)
}

// telegramPage is the data of telegram.html.
type telegramPage struct {
	layout
	ID, Banner, Text string
	// CanRaw: the caller may read the text as stored; Stored: it is shown.
	CanRaw, Stored bool
}

// handleTelegramPage shows the caller's view as a telegram, between banner
// lines, as cable view prints it; with ?stored=1, to a caller who may
// read all of it, the text exactly as stored, still inside the page.
func (s *Server) handleTelegramPage(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	data := telegramPage{layout: s.page(r, ""), ID: c.ID, Banner: v.Banner(), Text: viewText(v), CanRaw: readsAll(r, c, v, s.Now)}
	data.PageBanner = "" // telegram.html draws the view's
	if data.CanRaw && r.URL.Query().Get("stored") == "1" {
		if data.Text, err = storedText(c); err != nil {
			return err
		}
		data.Stored = true
	}
	return s.render(w, http.StatusOK, "telegram.html", data)
}

// countryOption is one country a release copy may be made for.
type countryOption struct{ Code, Name string }

// releaseCountries are the countries the release form suggests: those the
// corpus's REL TO marks name most. Any other ISO 3166 code or name may be
// typed.
func releaseCountries() []countryOption {
	var out []countryOption
	for _, code := range []string{"AUS", "CAN", "CHN", "DEU", "FRA", "GBR", "IND", "ISR", "ITA", "JPN", "KOR", "NZL", "PAK", "RUS"} {
		name, _ := marking.CountryName(code)
		out = append(out, countryOption{Code: code, Name: name})
	}
	return out
}
