package cabletext

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// snapshotRow is one line of the snapshot: everything the reader made of an
// input (the model with Source cleared, since Source is the input itself),
// what the canonical writer makes of it, and what Check finds in it.
type snapshotRow struct {
	Name     string       `json:"name"`
	Layout   cable.Layout `json:"layout"`
	HeaderN  int          `json:"header_len"`
	Cable    *cable.Cable `json:"cable"`
	Format   string       `json:"format"`
	Findings []Finding    `json:"findings"`
}

// TestSnapshot writes a canonical JSON dump of every input the reader's
// tests use (the corpus of $CABLE_CORPUS, the snippets of $CABLE_PEER's
// cases, testdata and the fuzz seeds) to the file named by
// $CABLE_SNAPSHOT, one line per input, so that a change meant to leave
// behaviour alone can be checked with diff(1).
func TestSnapshot(t *testing.T) {
	path := os.Getenv("CABLE_SNAPSHOT")
	if path == "" {
		t.Skip("CABLE_SNAPSHOT not set: no snapshot written")
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	add := func(name string, src []byte) {
		c := Parse(src)
		row := snapshotRow{Name: name, Layout: c.Source.Layout, HeaderN: len(c.Source.Header)}
		row.Format = Format(c)
		row.Findings = Check(c, true)
		c.Source = cable.Source{}
		row.Cable = c
		if err := enc.Encode(row); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if os.Getenv("CABLE_CORPUS") != "" {
		rows, files := readCorpus(t)
		rng := rand.New(rand.NewPCG(1, 2))
		for k, r := range rows {
			add("corpus/"+r.ID, files[k])
			// Variants reach the layouts and edge cases the corpus
			// alone does not: the telegram without its envelope, and
			// a random run of lines.
			c := Parse(files[k])
			add("telegram/"+r.ID, []byte(c.Source.Header+c.Source.Body))
			lines := bytes.SplitAfter(files[k], []byte("\n"))
			a := rng.IntN(len(lines))
			b := a + rng.IntN(len(lines)-a+1)
			add("window/"+r.ID, bytes.Join(lines[a:b], nil))
		}
	}
	if dir := os.Getenv("CABLE_PEER"); dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, "cablemap_cases.json"))
		if err != nil {
			t.Fatal(err)
		}
		var cases []peerCase
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.InputKind != "reference_id" {
				add("peer/"+c.Case+"/"+c.Field, []byte(c.Input))
			}
		}
	}
	names, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		add(name, src)
	}
	for _, s := range []string{"UNCLAS STATE 000001\n\n1. (U) text\n", "¶1. (S/NF) x\n¶6. y\n2.(C) z"} {
		add("seed", []byte(s))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d parsed inputs to %s", n, path)
}
