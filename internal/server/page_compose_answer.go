package server

import (
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// Answers: reply, reply to all and forward open the compose page from a
// cable the caller reads (cable.html's links; handleComposePage), its
// fields filled from the caller's view of that cable and nothing else.

// answerKind is how a new cable answers an earlier one: the name of the
// compose page's query parameter that names the earlier cable.
type answerKind string

// The answers: a reply to the originator, a reply to the originator and
// every addressee, and a forward, which cites the cable for addressees
// the drafter chooses.
const (
	answerReply    answerKind = "reply"
	answerReplyAll answerKind = "replyall"
	answerForward  answerKind = "forward"
)

var answerKinds = []answerKind{answerReply, answerReplyAll, answerForward}

// answer says, above the form, which cable the form answers and how.
type answer struct {
	Kind    answerKind
	CableID string
	Verb    string // "Reply to", "Reply to all of", "Forward"
}

func answerOf(k answerKind, id string) *answer {
	verb := map[answerKind]string{answerReply: "Reply to", answerReplyAll: "Reply to all of", answerForward: "Forward"}[k]
	return &answer{Kind: k, CableID: id, Verb: verb}
}

// answerForm starts a cable that answers the cable of view v, from the
// first site the caller drafts at, citing it (REF), with its level,
// SIPDIS and TAGS. A reply goes to the originator; a reply to all also
// to every TO and INFO addressee, as INFO, except mine (the caller's own
// sites and the new cable's origin); a forward to nobody yet. The
// subject, a portion with its own mark, is carried over with that mark
// only when the view shows it: "RESPONSE TO" it for a reply, as it is
// for a forward. Everything comes from the view, never the stored cable.
func answerForm(k answerKind, v *access.CableView, origins, mine []string) composeForm {
	c := v.Cable
	f := composeForm{Class: v.Marking.Level.String(), Tags: strings.Join(c.Text.Tags, ", ")}
	if len(origins) > 0 {
		f.Origin = origins[0]
		mine = append(slices.Clip(mine), traffic.Norm(origins[0]))
	}
	if k != answerForward {
		f.Addressees = answerAddressees(k, c, mine)
	}
	for _, cp := range c.Text.Captions {
		if cp == "SIPDIS" {
			f.Captions = "SIPDIS"
		}
	}
	if id, err := cable.ParseID(c.ID); err == nil {
		f.Refs = id.Station + " " + strconv.Itoa(id.Serial)
	}
	if v.SubjectShown && c.Text.Subject != "" {
		f.Subject, f.SubjectMark = c.Text.Subject, canonicalMark(c.Text.SubjectMark)
		if k != answerForward {
			f.Subject = "RESPONSE TO " + f.Subject
		}
	}
	if k == answerForward {
		f.Paras = []paraRow{{Mark: "U", Text: "Reftel is passed for information."}}
	}
	return f
}

// answerAddressees returns a reply's addressees: the originator as TO, at
// the cable's precedence (FLASH and NIACT are not carried over: they ask
// action of the addressee, which a reply rarely does); for a reply to
// all, then every TO and INFO addressee but mine as INFO at ROUTINE;
// none twice.
func answerAddressees(k answerKind, c *cable.Cable, mine []string) []addresseeRow {
	var out []addresseeRow
	seen := map[string]bool{}
	add := func(plad string, role cable.AddresseeRole, p cable.Precedence) {
		if n := traffic.Norm(plad); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, addresseeRow{PLAD: n, Role: string(role), Precedence: p.String()})
		}
	}
	// The originator always: a reply answers someone, even a cable
	// from one of mine.
	add(c.Header.From.PLAD, cable.RoleTo, min(max(c.Precedence(), cable.Routine), cable.Immediate))
	for _, m := range mine {
		seen[traffic.Norm(m)] = true
	}
	if k == answerReplyAll {
		for _, a := range append(slices.Clip(c.Header.To), c.Header.Info...) {
			add(a.PLAD, cable.RoleInfo, cable.Routine)
		}
	}
	return out
}
