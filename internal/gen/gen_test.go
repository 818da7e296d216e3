package gen

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

func TestGenerator_Deterministic(t *testing.T) {
	t.Parallel()
	a, b := &Generator{Seed: 7}, &Generator{Seed: 7}
	// b is asked out of order: a cable must not depend on which were
	// asked before it.
	for _, i := range []int{1500, 3, 0, 999} {
		if got, want := b.Cable(i), a.Cable(i); !bytes.Equal(got, want) {
			t.Errorf("Cable(%d) differs between two generators with seed 7", i)
		}
	}
	if bytes.Equal((&Generator{Seed: 8}).Cable(10), a.Cable(10)) {
		t.Error("seeds 7 and 8 give the same Cable(10)")
	}
}

// TestGenerator_Parse reads 2,000 generated cables with the project's
// reader and checks what it finds against what was generated.
func TestGenerator_Parse(t *testing.T) {
	t.Parallel()
	const n = 2000
	g := &Generator{Seed: 1}
	ids := map[string]int{}
	var withRefs, refs, rolledUp, marked int
	last := map[string]int{} // station and year -> serial
	for i := range n {
		src := g.Cable(i)
		c := cabletext.Parse(src)
		id := g.ID(i)
		if c.ID != id {
			t.Fatalf("cable %d: Parse gives id %q, want %q", i, c.ID, id)
		}
		if _, dup := ids[id]; dup {
			t.Fatalf("cable %d: id %s already used by cable %d", i, id, ids[id])
		}
		ids[id] = i
		checkSerial(t, id, last)
		if len(c.Warnings) > 0 {
			t.Errorf("%s: warnings %v", id, c.Warnings)
		}
		checkSplit(t, c)
		checkText(t, c)
		marked += checkMarks(t, c)
		if rollUpOK(c) {
			rolledUp++
		}
		if len(c.Text.References) > 0 {
			withRefs++
		}
		for _, r := range c.Text.References {
			if r.Kind != cable.RefCable {
				continue
			}
			refs++
			if j, ok := ids[r.ID]; !ok || j >= i {
				t.Errorf("%s: reference %q (%s) is not an earlier generated cable", id, r.Text, r.ID)
			}
		}
	}
	if marked == 0 {
		t.Error("no paragraph carries a portion mark")
	}
	if rolledUp < n*95/100 {
		t.Errorf("banner dominates the roll-up of the marks in %d of %d cables, want at least 95%%", rolledUp, n)
	}
	if withRefs < n*50/100 || withRefs > n*70/100 {
		t.Errorf("%d of %d cables have references, want about 60%%", withRefs, n)
	}
	t.Logf("%d cables: %d with references (%d cable references), %d with banner ⊒ roll-up", n, withRefs, refs, rolledUp)
}

// checkSerial checks that a post's serials grow within a year.
func checkSerial(t *testing.T, id string, last map[string]int) {
	t.Helper()
	p, err := cable.ParseID(id)
	if err != nil {
		t.Fatalf("id %s: %v", id, err)
	}
	key := p.Station + string(rune(p.Year))
	if p.Serial <= last[key] {
		t.Errorf("%s: serial %d after %d", id, p.Serial, last[key])
	}
	last[key] = p.Serial
}

// checkSplit checks that the reader split the header from the body where
// the generator glued them.
func checkSplit(t *testing.T, c *cable.Cable) {
	t.Helper()
	if c.Source.Layout != cable.LayoutArchive || c.Envelope == nil {
		t.Fatalf("%s: layout %v, want archive", c.ID, c.Source.Layout)
	}
	want := map[string]string{
		"CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T", "UNCLASSIFIED": "UNCLAS",
	}
	level, _, _ := strings.Cut(c.Envelope.Classification, "//")
	if !strings.HasPrefix(c.Source.Body, want[level]) || strings.Contains(c.Source.Header, want[level]) {
		t.Errorf("%s: body starts %.30q, want the %s line", c.ID, c.Source.Body, level)
	}
	if c.Text.Class.Level != level {
		t.Errorf("%s: classification line level %q, want %q", c.ID, c.Text.Class.Level, level)
	}
	if c.Header.Station == "" || c.Header.From.PLAD == "" || len(c.Header.To) == 0 || c.Header.Time.IsZero() {
		t.Errorf("%s: header incomplete: %+v", c.ID, c.Header)
	}
	if strings.HasSuffix(c.Source.Body, "\n") {
		t.Errorf("%s: trailing newline", c.ID)
	}
}

// checkText checks the telegram text's fields.
func checkText(t *testing.T, c *cable.Cable) {
	t.Helper()
	x := &c.Text
	if x.Subject == "" || x.Subject != c.Envelope.Title {
		t.Errorf("%s: subject %q, title %q", c.ID, x.Subject, c.Envelope.Title)
	}
	if len(x.Tags) == 0 || x.EO == "" || x.Signature == "" {
		t.Errorf("%s: tags %q, E.O. %q, signature %q", c.ID, x.Tags, x.EO, x.Signature)
	}
	for k, p := range x.Paragraphs {
		if p.Number != k+1 {
			t.Errorf("%s: paragraph %d has number %d", c.ID, k+1, p.Number)
			break
		}
	}
	if len(x.Paragraphs) == 0 {
		t.Errorf("%s: no paragraphs", c.ID)
	}
}

// checkMarks checks that every paragraph's mark can be read and returns
// how many paragraphs have one.
func checkMarks(t *testing.T, c *cable.Cable) int {
	t.Helper()
	n := 0
	for _, p := range c.Text.Paragraphs {
		if p.Mark == "" {
			continue
		}
		n++
		if _, err := marking.ParseMark(p.Mark); err != nil {
			t.Errorf("%s: paragraph %d: mark %q: %v", c.ID, p.Number, p.Mark, err)
		}
	}
	return n
}

// rollUpOK reports whether the banner, as readers compute it, dominates
// the roll-up of the cable's portion marks.
func rollUpOK(c *cable.Cable) bool {
	banner, err := access.Banner(c)
	if err != nil {
		return false
	}
	var ms []marking.Marking
	for _, p := range access.Portions(c) {
		if p.Marked {
			ms = append(ms, p.Marking)
		}
	}
	return banner.Dominates(marking.RollUp(ms))
}

// TestGenerator_Distributions checks a few corpus figures on 2,000 cables.
func TestGenerator_Distributions(t *testing.T) {
	t.Parallel()
	const n = 2000
	g := &Generator{Seed: 3}
	classes := map[string]int{}
	var sipdis int
	var sizes, paras []int
	for i := range n {
		c := cabletext.Parse(g.Cable(i))
		classes[c.Envelope.Classification]++
		if slices.Contains(c.Text.Captions, "SIPDIS") {
			sipdis++
		}
		sizes = append(sizes, len(c.Source.Body))
		paras = append(paras, len(c.Text.Paragraphs))
	}
	for class, want := range map[string]float64{
		"CONFIDENTIAL": 46, "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 17, "UNCLASSIFIED": 13,
		"SECRET": 11, "SECRET//NOFORN": 8, "CONFIDENTIAL//NOFORN": 5,
	} {
		if got := 100 * float64(classes[class]) / n; got < want-3 || got > want+3 {
			t.Errorf("%s: %.1f%% of cables, want %.0f%%", class, got, want)
		}
	}
	if got := 100 * sipdis / n; got < 88 || got > 98 {
		t.Errorf("SIPDIS on %d%% of cables, want about 93%%", got)
	}
	slices.Sort(sizes)
	slices.Sort(paras)
	if m := sizes[n/2]; m < 5500 || m > 8000 {
		t.Errorf("median body %d bytes, want about 6,600", m)
	}
	if m := paras[n/2]; m < 6 || m > 9 {
		t.Errorf("median %d paragraphs, want 7 or 8", m)
	}
	t.Logf("median body %d bytes, %d paragraphs; classes %v", sizes[n/2], paras[n/2], classes)
}
