package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/traffic"
)

// The compose form has a field for each part of a telegram's text
// (classification, captions, E.O., TAGS, subject, references, Classified
// By, paragraphs with their portion marks, signature) beside the fields
// traffic keeps apart from the text (origin, addressees with precedences,
// clearing offices, slugs, action requests). A draft's text is assembled
// from the fields by cabletext.Format, so it is always the canonical
// form the release check reads; an existing draft is read back into the
// fields with cabletext.ParseString. A pasted telegram fills the fields
// the same way ("import").

// composeForm is the compose form's values, as posted or as read from a
// draft.
type composeForm struct {
	Origin              string
	Addressees          []addresseeRow
	Class               string // U, C, S or TS
	Captions, PassLines string
	Decl, Tags          string
	// EO is the executive order the E.O. line cites: 13526, or 12958
	// for a text that cites it (eoInForce).
	EO                   string
	SubjectMark, Subject string
	Refs                 string // one per line, "A. STATE 109649"
	Authority, Reasons   string
	Paras                []paraRow
	Signature            string
	Clearers, Slug       string
	Actions              []actionRow
	Import               string
}

type addresseeRow struct{ PLAD, Role, Precedence string }

type paraRow struct{ Mark, Heading, Text string }

type actionRow struct{ Owner, Due, Text string }

// maxFormRows bounds the rows of each repeated group a post may carry.
const maxFormRows = 200

// readComposeForm reads the posted form.
func readComposeForm(r *http.Request) (composeForm, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, 4<<20)
	if err := r.ParseForm(); err != nil {
		return composeForm{}, cable.Errorf(cable.Invalid, "The form could not be read: %v", err)
	}
	v := r.PostForm
	f := composeForm{
		Origin: v.Get("origin"), Class: v.Get("class"), Captions: v.Get("captions"), PassLines: v.Get("pass_lines"),
		Decl: v.Get("decl"), EO: v.Get("eo"), Tags: v.Get("tags"), SubjectMark: v.Get("subject_mark"), Subject: v.Get("subject"),
		Refs: v.Get("refs"), Authority: v.Get("authority"), Reasons: v.Get("reasons"), Signature: v.Get("signature"),
		Clearers: v.Get("clearers"), Slug: v.Get("slug"), Import: v.Get("import"),
	}
	plads, roles, precs := v["addr_plad"], v["addr_role"], v["addr_prec"]
	for i := range min(len(plads), maxFormRows) {
		f.Addressees = append(f.Addressees, addresseeRow{PLAD: plads[i], Role: at(roles, i), Precedence: at(precs, i)})
	}
	marks, heads, texts := v["para_mark"], v["para_heading"], v["para_text"]
	for i := range min(len(texts), maxFormRows) {
		f.Paras = append(f.Paras, paraRow{Mark: at(marks, i), Heading: at(heads, i), Text: texts[i]})
	}
	owners, dues, acts := v["act_owner"], v["act_due"], v["act_text"]
	for i := range min(len(owners), maxFormRows) {
		f.Actions = append(f.Actions, actionRow{Owner: owners[i], Due: at(dues, i), Text: at(acts, i)})
	}
	return f, nil
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

// parseImport reads a pasted telegram: a bare text, a telegram with its
// header, or an archive record.
func parseImport(s string) *cable.Cable {
	return cabletext.ParseString(strings.ReplaceAll(s, "\r\n", "\n"))
}

// levelWords are the classification choices: the form's value and the
// word the classification line spells.
var levelWords = []struct{ Code, Word string }{
	{"U", "UNCLASSIFIED"}, {"C", "CONFIDENTIAL"}, {"S", "SECRET"}, {"TS", "TOP SECRET"},
}

// text assembles the draft's telegram text from the fields.
func (f *composeForm) text() string {
	t := cable.Text{
		Captions:     upperWords(f.Captions),
		PassLines:    nonBlankLines(f.PassLines),
		Tags:         cabletext.ParseTags(f.Tags),
		Subject:      oneLine(f.Subject),
		SubjectMark:  strings.Trim(strings.TrimSpace(f.SubjectMark), "()"),
		References:   references(f.Refs),
		ClassifiedBy: cable.ClassifiedBy{Authority: strings.TrimSuffix(oneLine(f.Authority), "."), Reasons: splitList(f.Reasons)},
		Signature:    oneLine(f.Signature),
	}
	for _, lw := range levelWords {
		if lw.Code == f.Class {
			t.Class.Level = lw.Word
		}
	}
	eo := "E.O. " + f.order() + ": "
	switch decl := oneLine(f.Decl); {
	case decl != "":
		t.EO = eo + "DECL: " + decl
	case t.Class.Level == "UNCLASSIFIED":
		t.EO = eo + "N/A"
	}
	n := 0
	for _, p := range f.Paras {
		body := strings.TrimSpace(strings.ReplaceAll(p.Text, "\r\n", "\n"))
		if body == "" && strings.TrimSpace(p.Mark) == "" {
			continue // an empty row is no paragraph
		}
		n++
		t.Paragraphs = append(t.Paragraphs, cable.Paragraph{Number: n, Mark: strings.Trim(strings.TrimSpace(p.Mark), "()"),
			Heading: strings.TrimSpace(p.Heading), Text: body})
	}
	return cabletext.Format(&cable.Cable{Text: t})
}

// references reads the REF field: one reference a line, lettered A, B, …
// when there is more than one and the drafter gave no letters.
func references(s string) []cable.Reference {
	lines := nonBlankLines(s)
	var out []cable.Reference
	for i, l := range lines {
		ref := cable.Reference{Text: l}
		if len(l) > 3 && l[1] == '.' && l[0] >= 'A' && l[0] <= 'Z' && l[2] == ' ' {
			ref.Label, ref.Text = l[:1], strings.TrimSpace(l[2:])
		} else if len(lines) > 1 && i < 26 {
			ref.Label = string(rune('A' + i))
		}
		out = append(out, ref)
	}
	return out
}

// draft returns the traffic fields of the form as a draft.
func (f *composeForm) draft() *cable.Draft {
	d := &cable.Draft{Origin: traffic.Norm(f.Origin), Text: f.text()}
	for _, o := range splitList(f.Slug) {
		d.Slug = append(d.Slug, traffic.Norm(o))
	}
	for _, a := range f.Addressees {
		if strings.TrimSpace(a.PLAD) == "" {
			continue
		}
		p, _ := cable.ParsePrecedence(a.Precedence)
		role := cable.RoleTo
		if a.Role == string(cable.RoleInfo) {
			role = cable.RoleInfo
		}
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: traffic.Norm(a.PLAD), Role: role, Precedence: p})
	}
	for _, o := range splitList(f.Clearers) {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: traffic.Norm(o)})
	}
	for _, a := range f.Actions {
		if strings.TrimSpace(a.Owner) == "" {
			continue
		}
		due, _ := time.Parse(time.DateOnly, strings.TrimSpace(a.Due))
		d.Actions = append(d.Actions, cable.ActionRequest{Owner: traffic.Norm(a.Owner), Due: due, Text: oneLine(a.Text)})
	}
	return d
}

// formFromDraft reads a draft into the form.
func formFromDraft(d *cable.Draft) composeForm {
	f := composeForm{Origin: d.Origin, Slug: strings.Join(d.Slug, ", ")}
	f.fillText(cabletext.ParseString(d.Text))
	for _, a := range d.Addressees {
		f.Addressees = append(f.Addressees, addresseeRow{PLAD: a.PLAD, Role: string(a.Role), Precedence: a.Precedence.String()})
	}
	var offices []string
	for _, c := range d.Clearances {
		offices = append(offices, c.Office)
	}
	f.Clearers = strings.Join(offices, ", ")
	for _, a := range d.Actions {
		f.Actions = append(f.Actions, actionRow{Owner: a.Owner, Due: day(a.Due), Text: a.Text})
	}
	return f
}

// fillText sets the text fields from a parsed telegram; a telegram with a
// header also gives addressees, when the form has none.
func (f *composeForm) fillText(c *cable.Cable) {
	t := &c.Text
	f.Class = ""
	if l, err := marking.ParseLevel(t.Class.Level); err == nil {
		f.Class = l.String()
	}
	f.Captions, f.PassLines = strings.Join(t.Captions, " "), strings.Join(t.PassLines, "\n")
	f.Decl = strings.TrimSpace(t.Decl.Raw)
	if strings.Contains(t.EO, eo12958) {
		f.EO = eo12958
	} else if t.EO != "" {
		f.EO = eo13526
	}
	if t.Decl.NA {
		f.Decl = ""
	}
	f.Tags, f.Subject, f.SubjectMark = strings.Join(t.Tags, ", "), t.Subject, t.SubjectMark
	var refs []string
	for _, r := range t.References {
		if r.Label != "" {
			refs = append(refs, r.Label+". "+r.Text)
		} else {
			refs = append(refs, r.Text)
		}
	}
	f.Refs = strings.Join(refs, "\n")
	f.Authority, f.Reasons = t.ClassifiedBy.Authority, strings.Join(t.ClassifiedBy.Reasons, ", ")
	f.Paras = nil
	for _, p := range t.Paragraphs {
		f.Paras = append(f.Paras, paraRow{Mark: p.Mark, Heading: p.Heading, Text: p.Text})
	}
	f.Signature = t.Signature
	if len(f.Addressees) == 0 {
		for _, a := range c.Header.To {
			f.Addressees = append(f.Addressees, addresseeRow{PLAD: a.PLAD, Role: string(cable.RoleTo), Precedence: a.Precedence.String()})
		}
		for _, a := range c.Header.Info {
			f.Addressees = append(f.Addressees, addresseeRow{PLAD: a.PLAD, Role: string(cable.RoleInfo), Precedence: a.Precedence.String()})
		}
	}
}

// withBlankRows returns the form with an empty row in each repeated group
// that has none, so that there is always a row to type in.
func (f composeForm) withBlankRows() composeForm {
	if len(f.Addressees) == 0 {
		f.Addressees = []addresseeRow{{Role: string(cable.RoleTo), Precedence: cable.Routine.String()}}
	}
	if len(f.Paras) == 0 {
		f.Paras = []paraRow{{}}
	}
	if len(f.Actions) == 0 {
		f.Actions = []actionRow{{}}
	}
	return f
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func upperWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		out = append(out, w)
	}
	return out
}

// splitList reads "ISN, T, and EAP" or "ISN T EAP" as office symbols;
// a symbol may hold a slash or a space-free word (S/ES).
func splitList(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		w = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(w), "and "))
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func nonBlankLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
