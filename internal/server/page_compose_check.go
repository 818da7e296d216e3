package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/traffic"
)

// The live checks of the compose page. As the drafter types, a small
// script (static/cable.js) posts the form to POST /compose/check, at most
// every few hundred milliseconds, and puts the answer, an HTML fragment,
// in place of the checks panel. The same fragment is rendered into the
// page on every load, so without JavaScript the checks are there after
// each save. The checks are exactly those release applies: the banner
// against the roll-up of the portion marks (MARKINGS.md §3), every finding
// of cabletext.Check in strict mode with its line and column in the
// draft's text, and traffic's addressee and text problems.

// checkResult is the data of the checks fragment.
type checkResult struct {
	// Banner is the banner as the draft writes it (classification line
	// and marking captions); RollUp the roll-up of its portion marks.
	Banner, RollUp string
	// BannerOK is false when the banner is below the roll-up.
	BannerOK bool
	Findings []finding
	// Problems are what the text check does not see: the addressees, the
	// origin, the clearing offices, a refused save, past due dates
	// (page_compose_fields.go).
	Problems []problem
	// PageBanner is the page's banner: the roll-up of the banner and
	// every portion mark (draftBanner).
	PageBanner string
	// Header is the preview's transmission header (empty when the
	// directory cannot place the origin); Lines the draft's text, line by
	// line, which findings refer to.
	Header string
	Lines  []string
	// Links: the findings link to the form's fields (there is a form).
	Links bool
}

// finding is one finding of cabletext.Check, with the form field to fix.
type finding struct {
	cabletext.Finding
	Anchor string
}

// handleComposeCheck answers the checks fragment for the posted form.
func (s *Server) handleComposeCheck(w http.ResponseWriter, r *http.Request) error {
	f, err := readComposeForm(r)
	if err != nil {
		return err
	}
	res := s.check(r.Context(), &f)
	res.Links = true
	return s.renderFragment(w, "compose.html", "checks", res)
}

// check runs the release checks on the form.
func (s *Server) check(ctx context.Context, f *composeForm) checkResult {
	d := f.draft()
	body := cabletext.ParseString(d.Text)
	res := checkResult{Lines: strings.Split(strings.TrimRight(d.Text, "\n"), "\n")}
	res.Banner, res.RollUp, res.BannerOK = bannerCheck(body)
	for _, fd := range cabletext.Check(body, true) {
		res.Findings = append(res.Findings, finding{Finding: fd, Anchor: anchorOf(fd.Field)})
	}
	for _, p := range traffic.TextProblems(body) {
		res.Problems = append(res.Problems, problem{Text: p, Anchor: "f-class"})
	}
	res.Problems = append(res.Problems, s.addresseeProblems(ctx, d)...)
	res.Problems = append(res.Problems, dueProblems(f, s.Now())...)
	res.Header = s.previewHeader(ctx, d, body)
	res.PageBanner = draftBanner(body)
	return res
}

// bannerCheck returns the banner the text writes, the roll-up of its
// portion marks, and whether the banner is at least the roll-up.
func bannerCheck(c *cable.Cable) (banner, rollUp string, ok bool) {
	portions := portionMarks(c)
	ru := marking.RollUp(portions)
	b, err := cabletext.Banner(c)
	if err != nil {
		return "", ru.Banner(), false
	}
	return b.Banner(), ru.Banner(), len(marking.Undominated(b, portions)) == 0
}

// portionMarks returns the marks of c's subject and paragraphs that can
// be read.
func portionMarks(c *cable.Cable) []marking.Marking {
	var portions []marking.Marking
	if m, _, err := marking.ReadMark(c.Text.SubjectMark); c.Text.SubjectMark != "" && err == nil {
		portions = append(portions, m)
	}
	for _, p := range c.Text.Paragraphs {
		if m, _, err := marking.ReadMark(p.Mark); p.Mark != "" && err == nil {
			portions = append(portions, m)
		}
	}
	return portions
}

// draftBanner is the page banner of a draft's text: the roll-up of its
// written banner and every portion mark, so that a page or list showing
// S//NF text is marked SECRET//NOFORN even while the classification line
// still says SECRET (issue 17, defect 4). It is "" for a text with no
// marking at all.
func draftBanner(c *cable.Cable) string {
	portions := portionMarks(c)
	if b, err := cabletext.Banner(c); err == nil {
		portions = append(portions, b)
	}
	if len(portions) == 0 {
		return ""
	}
	return marking.RollUp(portions).Banner()
}

// anchorOf returns the id of the form field a finding's field is in.
func anchorOf(field string) string {
	if n, ok := strings.CutPrefix(field, "paragraph "); ok {
		if i, err := strconv.Atoi(n); err == nil && i > 0 {
			return "para-" + strconv.Itoa(i-1) + "-mark"
		}
	}
	switch field {
	case "classification":
		return "f-class"
	case "captions":
		return "f-captions"
	case "TAGS":
		return "f-tags"
	case "SUBJECT":
		return "f-subject"
	case "E.O.", "DECL":
		return "f-decl"
	case "Classified By":
		return "f-authority"
	}
	return ""
}

// previewHeader returns the transmission header release would give the
// draft now: FM its origin's post, TO and INFO with their precedences.
// The serial is not known until release, so the DE line shows 0000. It is
// empty when there is no traffic directory or it lacks the origin.
func (s *Server) previewHeader(ctx context.Context, d *cable.Draft, body *cable.Cable) string {
	tr, ok := s.traffic()
	if !ok || d.Origin == "" {
		return ""
	}
	post, err := postOfSite(ctx, tr, d.Origin)
	if err != nil {
		return ""
	}
	t := traffic.Transmission{From: *post, Time: s.Now()}
	for _, a := range d.Addressees {
		site, err := tr.FindSite(ctx, a.PLAD)
		if err != nil {
			site = &cable.Site{PLAD: traffic.Norm(a.PLAD)}
		}
		ad := traffic.Addressing{Site: *site, Precedence: a.Precedence}
		if a.Role == cable.RoleInfo {
			t.Info = append(t.Info, ad)
		} else {
			t.To = append(t.To, ad)
		}
	}
	sipdis := traffic.Channel(body) == "XYZ"
	h := traffic.BuildHeader(t, body.Text.Class.Level, body.Text.Class.EFTO, sipdis)
	whole := cabletext.Format(&cable.Cable{Header: h, Text: body.Text})
	return strings.TrimSuffix(whole, cabletext.Format(&cable.Cable{Text: body.Text}))
}

// postOfSite returns the post of a directory entry: itself, or an
// office's parent.
func postOfSite(ctx context.Context, tr cable.TrafficService, name string) (*cable.Site, error) {
	site, err := tr.FindSite(ctx, name)
	if err != nil {
		return nil, err
	}
	if site.Kind == cable.SiteOffice && site.Parent != "" {
		return tr.FindSite(ctx, site.Parent)
	}
	return site, nil
}
