package index

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// snapshotFixture is an index with each kind of state a snapshot keeps:
// portions of several classes and cables, unmarked text, an older cable
// added out of order, a removed portion, a reclassed one, a long text in
// a chunk of its own, and the cables' facts.
func snapshotFixture() *Index {
	ix := New()
	var docs []Doc
	for c := uint64(10); c < 40; c++ {
		for k := uint64(0); k < 4; k++ {
			docs = append(docs, Doc{ID: c<<9 | k, Class: Class(1 + (c+k)%3), Cable: c, Unmarked: k == 3,
				Text: fmt.Sprintf("the embassy reported %d talks on nuclear matters, cable %d paragraph %d", c%5, c, k)})
		}
	}
	ix.Add(docs...)
	ix.Add(Doc{ID: 5 << 9, Class: 1, Cable: 5, Text: "an older cable imported later: embassy couriers"})
	ix.Add(Doc{ID: 41 << 9, Class: 2, Cable: 41, Text: bytes.NewBuffer(bytes.Repeat([]byte("long words again "), 70000)).String()})
	ix.Remove(12<<9|1, 99<<9)
	ix.Reclass(3, 13<<9|2)
	var cs []Cable
	for c := uint64(5); c <= 41; c++ {
		cs = append(cs, Cable{Key: c, Banner: Class(1 + c%3), DTG: int64(c) * 86400 * -1, HasDTG: c%7 != 0,
			Values: []string{"tag=PREL", fmt.Sprintf("year=%d", 1960+c%4), fmt.Sprintf("origin=POST %d", c%3)}})
	}
	ix.SetCables(cs...)
	return ix
}

// answers is what an index answers, for comparing two of them.
func answers(ix *Index) []string {
	var out []string
	for _, classes := range [][]Class{{1}, {1, 2}, {1, 2, 3}} {
		for _, term := range []Term{ParseTerm("embassy", false), ParseTerm("nuclear matters", false), ParseTerm("talks on nucl", true),
			ParseTerm("couriers", false), ParseTerm("long words", false), ParseTerm("paragraph 1", false)} {
			m := ix.Match(term, classes)
			h := m.Cables(true)
			known := ix.Known(h.Unmarked, func(c Class) bool { return slices.Contains(classes, c) })
			out = append(out, fmt.Sprintf("%v %v: ids %v marked %v unmarked %v known %v counts %v", classes, term, m.IDs(),
				h.Marked.ToArray(), h.Unmarked.ToArray(), known.ToArray(), h.Counts))
		}
	}
	out = append(out, fmt.Sprint("PREL ", ix.Set("tag=PREL").ToArray(), " year ", ix.Set("year=1961").ToArray(), " all ", ix.AllCables().ToArray()))
	ix.EachCable(ix.AllCables().ToArray(), func(c CableView) {
		var vals, portions []string
		c.Values(func(v string) { vals = append(vals, v) })
		c.Portions(func(cl Class, unmarked bool) { portions = append(portions, fmt.Sprint(cl, unmarked)) })
		out = append(out, fmt.Sprint(c.Key, c.Banner, c.DTG, c.HasDTG, vals, portions))
	})
	out = append(out, fmt.Sprintf("%+v", ix.Stats()))
	return out
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := snapshotFixture()
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(answers(ix), answers(got)); diff != "" {
		t.Errorf("the index read back answers otherwise (-written +read):\n%s", diff)
	}
	// The index read back goes on as the one written would.
	more := []Doc{{ID: 50 << 9, Class: 1, Cable: 50, Text: "embassy talks resumed"}, {ID: 3 << 9, Class: 2, Cable: 3, Text: "couriers"}}
	for _, x := range []*Index{ix, got} {
		x.Add(more...)
		x.Remove(20 << 9)
		x.SetCables(Cable{Key: 50, Banner: 1, Values: []string{"tag=PREL"}})
	}
	if diff := cmp.Diff(answers(ix), answers(got)); diff != "" {
		t.Errorf("after more changes, the index read back answers otherwise (-written +read):\n%s", diff)
	}
}

// A snapshot cut short or damaged is refused, never half read.
func TestSnapshotDamaged(t *testing.T) {
	var buf bytes.Buffer
	if err := snapshotFixture().WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, n := range []int{0, 5, 8, 9, 100, len(b) / 2, len(b) - 1} {
		if _, err := ReadSnapshot(bytes.NewReader(b[:n])); err == nil {
			t.Errorf("a snapshot cut at %d of %d bytes was read", n, len(b))
		}
	}
	bad := slices.Clone(b)
	bad[3] ^= 0xff
	if _, err := ReadSnapshot(bytes.NewReader(bad)); err == nil {
		t.Error("a snapshot with a damaged magic was read")
	}
}

// A snapshot of another version is refused, not misread: the store then
// rebuilds the engine.
func TestSnapshotOtherVersion(t *testing.T) {
	var buf bytes.Buffer
	if err := snapshotFixture().WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	for _, version := range []byte{1, 3} {
		old := slices.Clone(buf.Bytes())
		old[len(snapshotMagic)-1] = version
		if _, err := ReadSnapshot(bytes.NewReader(old)); err == nil {
			t.Errorf("a snapshot of version %d was read", version)
		}
	}
}

// FuzzReadSnapshot feeds damaged snapshots to the reader: it must refuse
// or read them, never panic or allocate without bound.
func FuzzReadSnapshot(f *testing.F) {
	var buf bytes.Buffer
	ix := New()
	ix.Add(Doc{ID: 1 << 9, Class: 1, Cable: 1, Text: "embassy talks"}, Doc{ID: 2 << 9, Class: 2, Cable: 2, Unmarked: true, Text: "signed"})
	ix.SetCables(Cable{Key: 1, Banner: 1, Values: []string{"tag=PREL"}})
	if err := ix.WriteSnapshot(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ReadSnapshot(bytes.NewReader(b))
		if err != nil {
			return
		}
		answers(got) // a snapshot that reads must answer without panic
	})
}

// BenchmarkReadSnapshot reads the snapshot of an index of generated
// text: what cable serve's start costs, per portion.
func BenchmarkReadSnapshot(b *testing.B) {
	ix := New()
	words := strings.Fields("the embassy reported talks on nuclear matters with the ministry of foreign affairs and the delegation said that further meetings would follow in geneva next month")
	var docs []Doc
	for i := range 20000 {
		var text strings.Builder
		for k := range 60 {
			text.WriteString(words[(i*7+k*k)%len(words)])
			text.WriteString(fmt.Sprint(" w", (i+k)%5000, " "))
		}
		docs = append(docs, Doc{ID: uint64(i/10)<<9 | uint64(i%10), Class: Class(1 + i%7), Cable: uint64(i / 10), Text: text.String()})
	}
	ix.Add(docs...)
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := ReadSnapshot(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpums/op")
}
