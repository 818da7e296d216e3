package access

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Action requests carry text: release recognises a request in the cable's
// text ("Please report … by November 23") or the drafter writes one. An
// action — its text, owner and due date — is as visible as where it came
// from (MARKINGS.md §5): a request found in the text exists for a reader
// only when a paragraph their view shows holds it; a request the drafter
// wrote carries no mark and takes the banner, so it exists for readers
// who may see the banner. For anyone else it does not exist: it is not
// listed, counted or shown as "[withheld]", which would tell that
// something was withheld (a release copy must never say so).

// ActionVisible reports whether reader r may know of action a of cable c,
// whose distribution is d (with the offices traffic slugged it to), at
// now.
func ActionVisible(r Reader, c *cable.Cable, d Distribution, a *cable.Action, now time.Time) bool {
	v, ok := View(r, c, d, now)
	return ok && ActionShownIn(r, c, a, v, now)
}

// ActionShownIn reports whether r, whose view of c is v, may know of
// action a: see [ActionVisible].
func ActionShownIn(r Reader, c *cable.Cable, a *cable.Action, v *CableView, now time.Time) bool {
	if a.Source != "text" {
		banner, _ := Banner(c)
		return Declassified(c, now) || CanSee(r, banner)
	}
	want := oneLine(a.Text)
	if want == "" {
		return false
	}
	for _, p := range v.Cable.Text.Paragraphs {
		if !IsPlaceholder(p.Text) && strings.Contains(oneLine(p.Text), want) {
			return true
		}
	}
	return false
}

// ReadsAll reports whether reader r, whose view of cable c is v, reads all
// of c: the view withholds nothing, and the banner, which unmarked text
// takes, is within the reader's access (or the cable is declassified).
func ReadsAll(r Reader, c *cable.Cable, v *CableView, now time.Time) bool {
	if v.Release || len(v.Withheld) > 0 || (!v.SubjectShown && c.Text.Subject != "") ||
		v.Cable.Text.Signature != c.Text.Signature {
		return false
	}
	if Declassified(c, now) {
		return true
	}
	banner, _ := Banner(c)
	return CanSee(r, banner)
}

// oneLine folds white space runs to one space, so that a request found in
// a paragraph is found again in the paragraph as the view shows it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
