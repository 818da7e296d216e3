package cabletext

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Severity says whether a finding stops a cable's release.
type Severity int

// Severities. A new cable with an Error finding may not be released; a
// legacy cable gets the same findings as warnings.
const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Finding is one problem Check found, at a 1-based line and column of the
// cable's source (0 when the problem is an absence).
type Finding struct {
	Line, Column int
	Field        string
	Severity     Severity
	Message      string
}

func (f Finding) String() string {
	return fmt.Sprintf("%d:%d: %s: %s: %s", f.Line, f.Column, f.Severity, f.Field, f.Message)
}

// Check reports every problem a new cable must not have: no TAGS or no
// subject tag, no SUBJECT, a classified cable without E.O./DECL or without
// Classified By and reasons, a paragraph without a portion mark, an
// unreadable mark, a bad date-time group, a banner below the roll-up of its
// portions, SIPDIS with NODIS or EXDIS. With strict false (a legacy cable)
// every finding is a warning. The reader's own warnings come first.
func Check(c *cable.Cable, strict bool) []Finding {
	k := &checker{c: c, sev: Warning}
	if strict {
		k.sev = Error
	}
	for _, w := range c.Warnings {
		k.out = append(k.out, Finding{Line: w.Line, Column: w.Column, Field: w.Field, Severity: k.sev, Message: w.Message})
	}
	k.header()
	k.fields()
	k.paragraphs()
	k.marks()
	return k.out
}

type checker struct {
	c   *cable.Cable
	sev Severity
	out []Finding
}

// add records a finding at the line of the first occurrence of needle in
// the body (or the body's first line when needle is empty or absent).
func (k *checker) add(field, needle, format string, args ...any) {
	line, col := k.locate(needle)
	k.out = append(k.out, Finding{Line: line, Column: col, Field: field, Severity: k.sev, Message: fmt.Sprintf(format, args...)})
}

// locate finds needle in the telegram and returns its line and column in
// the source; the body's first line when needle is empty or absent.
func (k *checker) locate(needle string) (int, int) {
	tel := k.c.Source.Header + k.c.Source.Body
	off := len(k.c.Source.Header)
	if needle != "" {
		if i := strings.Index(tel, needle); i >= 0 {
			off = i
		}
	}
	line, col := lineCol(tel, off)
	return line + envelopeLines(k.c), col
}

// envelopeLines returns how many source lines precede the telegram.
func envelopeLines(c *cable.Cable) int {
	if c.Source.Layout == cable.LayoutArchive && c.Envelope != nil {
		return 5
	}
	return 0
}

func (k *checker) header() {
	h := &k.c.Header
	if h.DTG == "" && k.c.Source.Header != "" && !h.Partial {
		k.add("dtg", "", "the header has no date-time group: want a line such as \"O 220000Z NOV 07\"")
	}
	if h.DTG != "" && h.Time.IsZero() {
		k.add("dtg", h.DTG, "date-time group %q cannot be read: want DDHHMMZ MON YY", h.DTG)
	}
}

func (k *checker) fields() {
	t := &k.c.Text
	if len(t.Tags) == 0 {
		k.add("TAGS", "", "no TAGS line: every cable needs at least one subject tag")
	} else if !hasSubjectTag(t.Tags) {
		k.add("TAGS", "TAGS", "TAGS %s has no subject tag (such as PREL, PGOV, ECON)", strings.Join(t.Tags, " "))
	}
	if t.Subject == "" {
		k.add("SUBJECT", "", "no SUBJECT line")
	}
	if t.Class.Level == "" || t.Class.Level == "UNCLASSIFIED" {
		return
	}
	switch {
	case t.EO == "":
		k.add("E.O.", "", "a classified cable needs an E.O. 12958 line with a DECL date")
	case t.Decl.Date.IsZero():
		k.add("DECL", t.EO, "declassification %q cannot be read: want DECL: MM/DD/YYYY", t.Decl.Raw)
	}
	cb := t.ClassifiedBy
	switch {
	case cb.Authority == "" && len(cb.Reasons) == 0:
		k.add("Classified By", "", "a classified cable needs a Classified By line with reasons")
	case len(cb.Reasons) == 0:
		k.add("Classified By", cb.Authority, "Classified By %q gives no reasons: want Reasons: 1.4(b) and (d)", cb.Authority)
	}
}

func hasSubjectTag(tags []string) bool {
	for _, t := range tags {
		if TagKind(t) == "SUBJECT" {
			return true
		}
	}
	return false
}

func (k *checker) paragraphs() {
	for _, p := range k.c.Text.Paragraphs {
		if p.Number == 0 {
			continue
		}
		if p.Mark == "" && strings.HasPrefix(p.Text, "(") {
			if e := strings.IndexByte(p.Text, ')'); e > 1 && e < 24 && strings.ToUpper(p.Text[:e]) == p.Text[:e] {
				k.out = append(k.out, Finding{Line: p.Line, Column: markColumn(k.c, cable.Paragraph{Line: p.Line, Mark: p.Text[1:e]}), Field: "paragraph " + strconv.Itoa(p.Number), Severity: k.sev,
					Message: fmt.Sprintf("portion mark (%s) cannot be read: want a level U, C, S or TS, with //NF or //REL TO …", p.Text[1:e])})
				continue
			}
		}
		if p.Mark == "" {
			k.out = append(k.out, Finding{Line: p.Line, Column: 1, Field: "paragraph " + strconv.Itoa(p.Number), Severity: k.sev,
				Message: "paragraph has no portion mark: want, e.g., " + strconv.Itoa(p.Number) + ". (U)"})
			continue
		}
		if _, err := marking.ParseMark(p.Mark); err != nil {
			col := 1
			var me *marking.MarkError
			if errors.As(err, &me) {
				col = me.Offset + 1
			}
			msg := err.Error() + ": the paragraph is withheld from every reader until the mark is read"
			if m, _, terr := marking.ReadMark(p.Mark); terr == nil {
				col, msg = 1, fmt.Sprintf("mark %q is read as (%s): write it so", p.Mark, m.Portion())
			}
			k.out = append(k.out, Finding{Line: p.Line, Column: markColumn(k.c, p) + col - 1, Field: "paragraph " + strconv.Itoa(p.Number), Severity: k.sev,
				Message: msg})
		}
	}
}

// markColumn returns the column of the first character inside a
// paragraph's portion mark, found on its source line.
func markColumn(c *cable.Cable, p cable.Paragraph) int {
	line := lineAt(c.Source.Header+c.Source.Body, p.Line-envelopeLines(c))
	if i := strings.Index(line, "("+p.Mark+")"); i >= 0 {
		return i + 2
	}
	return 1
}

// lineAt returns the n-th (1-based) line of s.
func lineAt(s string, n int) string {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if n--; n == 0 {
			return line
		}
		i = next
	}
	return ""
}
