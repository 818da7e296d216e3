package traffic

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// TextProblems returns what stops a draft's text from being rendered at
// all: no classification line to put the station and serial on.
func TextProblems(body *cable.Cable) []string {
	if body.Text.Class.Level == "" {
		return []string{`the text has no classification line: begin it with one such as "S E C R E T", "C O N F I D E N T I A L" or "UNCLAS"`}
	}
	return nil
}

// AddresseeProblems returns what is wrong with a draft's addressees
// whatever the directory says: none to act, NIACT IMMEDIATE for an
// information addressee (NIACT asks only action addressees to act), an
// addressee without precedence, the same addressee twice.
func AddresseeProblems(d *cable.Draft) []string {
	var out []string
	seen := map[string]bool{}
	to := 0
	for _, a := range d.Addressees {
		p := Norm(a.PLAD)
		switch {
		case seen[p]:
			out = append(out, fmt.Sprintf("addressee %s is listed twice: keep one", p))
		case a.Precedence == cable.PrecedenceNone:
			out = append(out, fmt.Sprintf("addressee %s has no precedence: give one of FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE", p))
		case a.Role == cable.RoleInfo && a.Precedence == cable.NiactImmediate:
			out = append(out, fmt.Sprintf("NIACT IMMEDIATE is for action addressees: make %s a TO addressee or give it IMMEDIATE", p))
		}
		seen[p] = true
		if a.Role == cable.RoleTo {
			to++
		}
	}
	if to == 0 {
		out = append(out, "the draft has no TO addressee: add one with --to PLAD:PRECEDENCE")
	}
	return out
}

// UnknownSite says how to fix a reference to a site the directory lacks.
func UnknownSite(what, name string) string {
	return fmt.Sprintf("unknown %s %s: add it with cable directory add", what, Norm(name))
}

// FormatProblems returns the release check of the rendered cable c: every
// finding of cabletext.Check in strict mode (marking roll-up, SIPDIS with
// NODIS or EXDIS, missing TAGS, SUBJECT, E.O., Classified By, unmarked or
// unreadable portions), each with the field it concerns.
func FormatProblems(c *cable.Cable) []string {
	var out []string
	for _, f := range cabletext.Check(c, true) {
		if f.Severity != cabletext.Error {
			continue
		}
		msg := f.Message
		if f.Field != "" && !strings.HasPrefix(msg, f.Field) && f.Field != "classification" {
			msg = f.Field + ": " + msg
		}
		out = append(out, msg)
	}
	return out
}
