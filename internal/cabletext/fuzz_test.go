package cabletext

import (
	"bytes"
	"os"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, name := range []string{"seed.txt", "telegram.txt", "body.txt"} {
		src, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("UNCLAS STATE 000001\n\n1. (U) text\n"))
	f.Add([]byte("¶1. (S/NF) x\n¶6. y\n2.(C) z"))
}

// FuzzParse checks that the reader never panics on any input, that the
// lossless writer gives every input back, and that Check runs on whatever
// the reader made of it.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		c := Parse(src)
		var buf bytes.Buffer
		if err := WriteLossless(&buf, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), src) {
			t.Fatalf("WriteLossless(Parse(src)) differs from src")
		}
		Check(c, true)
	})
}

// FuzzRoundTrip checks that the canonical writer reaches a fixed point:
// whatever the reader made of an input, reading its canonical telegram
// gives a cable whose canonical telegram is the same.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		once := Format(Parse(src))
		twice := Format(ParseString(once))
		if once != twice {
			t.Fatalf("Format is not a fixed point:\nonce:\n%s\ntwice:\n%s", once, twice)
		}
	})
}
