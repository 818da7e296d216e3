package access

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Action requests carry text: release recognises a request in the cable's
// text ("Please report … by November 23") or the drafter writes one. That
// text is as classified as where it came from, while the lists of actions
// need only that the reader may know of the cable. So an action's text is
// shown only where the reader's view shows it too: a request found in the
// text when a paragraph the view shows holds it, a request the drafter
// wrote (unmarked, so it takes the banner) when the reader reads the whole
// cable. Otherwise it is the Placeholder.

// ActionText returns the text of action a of cable c as reader r may see
// it at now: the text, or Placeholder.
func ActionText(r Reader, c *cable.Cable, a *cable.Action, now time.Time) string {
	v, ok := View(r, c, DistributionOf(c), now)
	if !ok {
		return Placeholder
	}
	return ActionTextIn(a, v, ReadsAll(r, c, v, now))
}

// ActionTextIn returns a's text if view v shows it, or Placeholder; all
// says whether the reader reads the whole cable (ReadsAll).
func ActionTextIn(a *cable.Action, v *CableView, all bool) string {
	if all {
		return a.Text
	}
	if a.Source != "text" || strings.TrimSpace(a.Text) == "" {
		return Placeholder
	}
	want := oneLine(a.Text)
	for _, p := range v.Cable.Text.Paragraphs {
		if !IsPlaceholder(p.Text) && strings.Contains(oneLine(p.Text), want) {
			return a.Text
		}
	}
	return Placeholder
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
