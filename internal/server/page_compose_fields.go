package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// Findings beside their fields (issue 17, defect 6). Every problem the
// compose page reports names the form field it is about, by the field's
// id (its anchor): the page marks that field aria-invalid, describes it
// by the message printed beside it, and the checks panel links to it.
// The store's and traffic's messages are worded for the command line;
// webWording rewords them for the page.

// problem is one thing wrong with the form that the text check does not
// see, and the field to fix.
type problem struct {
	Text, Anchor string
	// Warning: release is not refused for it.
	Warning bool
}

// fieldNote is what a field shows of the problems about it.
type fieldNote struct {
	ID   string   // the field's id
	Msgs []string // what is wrong; none for a field without problems
}

// Invalid reports whether the field has a problem.
func (n fieldNote) Invalid() bool { return len(n.Msgs) > 0 }

// note returns the problems of field id, for the template.
func (c checkResult) note(id string) fieldNote {
	n := fieldNote{ID: id}
	for _, f := range c.Findings {
		if f.Anchor == id {
			n.Msgs = append(n.Msgs, f.Message)
		}
	}
	for _, p := range c.Problems {
		if p.Anchor == id {
			n.Msgs = append(n.Msgs, p.Text)
		}
	}
	return n
}

// Note is note for templates, which call methods by exported name.
func (c checkResult) Note(id string) fieldNote { return c.note(id) }

// NoteAt is Note for a row's field: prefix-i-suffix (addr-0-plad).
func (c checkResult) NoteAt(prefix string, i int, suffix string) fieldNote {
	return c.note(fmt.Sprintf("%s-%d-%s", prefix, i, suffix))
}

// webWording rewords advice written for the command line.
func webWording(msg string) string {
	for _, r := range [][2]string{
		{"add one with --to PLAD:PRECEDENCE", "add one under Addressing"},
		{"add it with cable directory add", "check the spelling, or ask an administrator to add it to the directory"},
		{"set them with cable directory set", "ask an administrator to set them in the directory"},
		{"change it with cable directory set", "an administrator can change it in the directory"},
		{"set the next with cable directory serial", "ask an administrator to set the next serial"},
		{"needs an owner and a text: OWNER:YYYY-MM-DD:TEXT", "needs an addressee (Action for) and a request"},
		{` (--parent "SECSTATE WASHDC")`, ""},
	} {
		msg = strings.Replace(msg, r[0], r[1], 1)
	}
	return msg
}

// addresseeProblems returns the problems of the form's addressing: those
// traffic finds whatever the directory says, and the origin and
// addressees the directory does not know, which release would refuse
// (an unknown addressee used to pass the live check and preview as a
// bare "RR").
func (s *Server) addresseeProblems(ctx context.Context, d *cable.Draft) []problem {
	var out []problem
	if d.Origin == "" {
		out = append(out, problem{Text: "no origin: choose the office or post the cable is drafted in", Anchor: "f-origin"})
	}
	for _, p := range traffic.AddresseeProblems(d) {
		out = append(out, problem{Text: webWording(p), Anchor: addresseeAnchor(d, p)})
	}
	tr, ok := s.traffic()
	if !ok {
		return out
	}
	for i, a := range d.Addressees {
		if _, err := tr.FindSite(ctx, a.PLAD); cable.KindOf(err) == cable.NotFound {
			out = append(out, problem{Text: webWording(traffic.UnknownSite("addressee", a.PLAD)), Anchor: fmt.Sprintf("addr-%d-plad", i)})
		}
	}
	return out
}

// addresseeAnchor returns the field of the addressee a message of
// traffic.AddresseeProblems names, or the first addressee's.
func addresseeAnchor(d *cable.Draft, msg string) string {
	for i, a := range d.Addressees {
		if p := traffic.Norm(a.PLAD); p != "" && strings.Contains(msg, p) {
			return fmt.Sprintf("addr-%d-plad", i)
		}
	}
	return "addr-0-plad"
}

// dueProblems warns of action requests due before now: release does not
// refuse them, but an addressee could never answer in time.
func dueProblems(f *composeForm, now time.Time) []problem {
	var out []problem
	today := now.UTC().Format(time.DateOnly)
	for i, a := range f.Actions {
		due := strings.TrimSpace(a.Due)
		if due == "" || strings.TrimSpace(a.Owner) == "" && strings.TrimSpace(a.Text) == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, due); err == nil && due < today {
			out = append(out, problem{Text: fmt.Sprintf("action due %s is already past (today is %s)", due, today),
				Anchor: fmt.Sprintf("act-%d-due", i), Warning: true})
		}
	}
	return out
}

// saveProblem places the error of a refused save beside the field it is
// about, when one can be told from the message: an addressee, the
// origin, a clearing office.
func saveProblem(f *composeForm, msg string) problem {
	p := problem{Text: webWording(msg)}
	switch {
	case strings.HasPrefix(msg, "clearance:"):
		p.Anchor = "f-clearers"
		return p
	case strings.HasPrefix(msg, "origin"):
		p.Anchor = "f-origin"
		return p
	case strings.HasPrefix(msg, "an action request"):
		p.Anchor = "act-0-owner"
		return p
	}
	for i, a := range f.Addressees {
		if n := traffic.Norm(a.PLAD); n != "" && strings.Contains(msg, n) {
			p.Anchor = fmt.Sprintf("addr-%d-plad", i)
			return p
		}
	}
	switch {
	case f.Origin != "" && strings.Contains(msg, traffic.Norm(f.Origin)), strings.Contains(msg, "origin"):
		p.Anchor = "f-origin"
	case strings.Contains(msg, "clear"):
		p.Anchor = "f-clearers"
	case strings.Contains(msg, "slug"):
		p.Anchor = "f-slug"
	}
	return p
}

// The executive orders an E.O. line cites. E.O. 13526 replaced E.O.
// 12958 on 29 December 2009 (issue 17, defect 6: the form wrote 12958
// whatever the date).
const (
	eo12958 = "12958"
	eo13526 = "13526"
)

// eo13526Day is when E.O. 13526 took effect.
var eo13526Day = time.Date(2009, 12, 29, 0, 0, 0, 0, time.UTC)

// eoInForce returns the order in force at now, the default of a new form.
func eoInForce(now time.Time) string {
	if now.Before(eo13526Day) {
		return eo12958
	}
	return eo13526
}

// order returns the order the form's E.O. line cites: 13526 unless the
// form says 12958.
func (f *composeForm) order() string {
	if f.EO == eo12958 {
		return eo12958
	}
	return eo13526
}
