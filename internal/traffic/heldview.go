package traffic

import (
	"fmt"
	"slices"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// HeldView is a cable as an archive holds it and one reader's view of it.
// Traffic decides with it what of a cable's actions, slug requests and
// events a reader may be told (MARKINGS.md §5: actions, deadlines and
// slugs recognised in a paragraph are as visible as that paragraph); the
// stores only load the cable and its distribution.
type HeldView struct {
	C *cable.Cable
	V *access.CableView // nil when the reader may not know of the cable
	R access.Reader
}

// NewHeldView returns reader r's view at now of cable c, whose
// distribution the archive holds as d (slugged offices included). A nil
// c is a cable the archive does not hold.
func NewHeldView(r access.Reader, c *cable.Cable, d access.Distribution, now time.Time) *HeldView {
	hv := &HeldView{C: c, R: r}
	if c != nil {
		if v, ok := access.View(r, c, d, now); ok {
			hv.V = v
		}
	}
	return hv
}

// Shows reports whether the reader may know of action a of the cable.
func (hv *HeldView) Shows(a *cable.Action, now time.Time) bool {
	return hv.V != nil && access.ActionShownIn(hv.R, hv.C, a, hv.V, now)
}

// ReadsAll reports whether the reader reads all of the cable.
func (hv *HeldView) ReadsAll(now time.Time) bool {
	return hv.V != nil && access.ReadsAll(hv.R, hv.C, hv.V, now)
}

// SlugsShown returns the offices of the cable's slug requests that the
// reader may know of: all of them when they read the whole cable, else
// those a paragraph their view shows asks for. A request in a withheld
// paragraph must route nothing and list nothing.
func (hv *HeldView) SlugsShown(offices []string, now time.Time) []string {
	if len(offices) == 0 || hv.V == nil {
		return nil
	}
	if hv.ReadsAll(now) {
		return offices
	}
	seen := Recognize(hv.V.Cable, now).Slug
	var out []string
	for _, o := range offices {
		if slices.ContainsFunc(seen, func(s string) bool { return Norm(s) == Norm(o) }) {
			out = append(out, o)
		}
	}
	return out
}

// AnsweredDetail is the detail of an "answered" event: which action of
// the cable, answered by which reply.
func AnsweredDetail(action int64, reply string) string {
	return fmt.Sprintf("action %d answered by %s", action, reply)
}

// ShownAnswered returns event e, of kind answered, as a reader may see it
// (its detail is AnsweredDetail's): nil when they may not know of its
// action (visible reports which they may), and without the reply's id
// when they may not know of the reply (knows reports which they may).
func ShownAnswered(e *cable.Event, visible func(action int64) bool, knows func(id string) (bool, error)) (*cable.Event, error) {
	var action int64
	var reply string
	if n, _ := fmt.Sscanf(e.Detail, "action %d answered by %s", &action, &reply); n < 1 || !visible(action) {
		return nil, nil
	}
	ok, err := knows(reply)
	if err != nil || ok {
		return e, err
	}
	cp := *e
	cp.Detail = fmt.Sprintf("action %d answered", action)
	return &cp, nil
}
