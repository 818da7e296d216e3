package storetest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// The leak suites judge stores, the API, the CLI and the pages against a
// truth written by hand (testdata/leaks/truth.txt), not against package
// access: a suite that asked access what to expect would pass whatever
// access got wrong. This file reads that truth; it decides nothing.

// LeakTruth is the hand-written truth of the leak suites: its cables, its
// readers, and what each reader is shown of each cable.
type LeakTruth struct {
	Cables  []*TruthCable
	Readers []*cable.User // in file order; "none" is not signed in
}

// TruthCable is one cable of the truth with what each reader is shown.
type TruthCable struct {
	File, ID, About string
	Src             []byte
	// Shown is what each reader who finds the cable is shown, by reader
	// name; a reader missing here does not find the cable.
	Shown map[string]Shown
	// Words are the words found only in one part of this cable: "S" the
	// subject, "1"… the paragraphs, "T" the signature, "tag" a tag.
	Words map[string]string
}

// Shown is what one reader's view of a cable shows.
type Shown struct {
	Subject    bool  // the subject
	Paragraphs []int // the numbers of the paragraphs shown, in order
	Unmarked   bool  // the text that takes the banner: signature, tags
	Banner     string
}

// Found reports whether reader finds c, and what they are shown.
func (c *TruthCable) Found(reader string) (Shown, bool) {
	s, ok := c.Shown[reader]
	return s, ok
}

// Sees reports whether reader is shown the part of c whose word key is
// ("S", "1"…, "T", "tag").
func (c *TruthCable) Sees(reader, part string) bool {
	s, ok := c.Shown[reader]
	switch {
	case !ok:
		return false
	case part == "S":
		return s.Subject
	case part == "T" || part == "tag":
		return s.Unmarked
	}
	n, err := strconv.Atoi(part)
	return err == nil && slices.Contains(s.Paragraphs, n)
}

// Parts returns the keys of c's words, subject first, then paragraphs in
// order, then the signature and tag.
func (c *TruthCable) Parts() []string {
	var out []string
	for k := range c.Words {
		out = append(out, k)
	}
	rank := func(k string) int {
		switch k {
		case "S":
			return -1
		case "T":
			return 1000
		case "tag":
			return 1001
		}
		n, _ := strconv.Atoi(k)
		return n
	}
	slices.SortFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}

// Reader returns the reader of the truth named name.
func (lt *LeakTruth) Reader(name string) *cable.User {
	for _, u := range lt.Readers {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Sources returns the cables' texts, in order.
func (lt *LeakTruth) Sources() [][]byte {
	var out [][]byte
	for _, c := range lt.Cables {
		out = append(out, c.Src)
	}
	return out
}

// MustLoadLeakTruth reads testdata/leaks.
func MustLoadLeakTruth(tb testing.TB) *LeakTruth {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "testdata", "leaks")
	lt := &LeakTruth{}
	var err error
	if lt.Readers, err = readTruthReaders(filepath.Join(dir, "readers.txt")); err != nil {
		tb.Fatal(err)
	}
	if lt.Cables, err = readTruth(filepath.Join(dir, "truth.txt"), lt.Readers); err != nil {
		tb.Fatal(err)
	}
	for _, c := range lt.Cables {
		path := filepath.Join(dir, c.File)
		if c.File == "seed" {
			path = filepath.Join(dir, "..", "..", "..", "cabletext", "testdata", "seed.txt")
		}
		if c.Src, err = os.ReadFile(path); err != nil {
			tb.Fatal(err)
		}
		for part, w := range c.Words {
			if !bytes.Contains(c.Src, []byte(w)) {
				delete(c.Words, part) // a paragraph the cable does not have
			}
		}
	}
	return lt
}

// readTruthReaders reads readers.txt: name, clearance, citizenship,
// posts, read-ins; "_" is a space, ";" separates list items, "-" is none.
func readTruthReaders(path string) ([]*cable.User, error) {
	var out []*cable.User
	err := eachLine(path, func(n int, line string) error {
		f := strings.Fields(line)
		if len(f) != 5 {
			return fmt.Errorf("%s:%d: want 5 fields, have %d", path, n, len(f))
		}
		val := func(s string) string {
			if s == "-" {
				return ""
			}
			return strings.ReplaceAll(s, "_", " ")
		}
		list := func(s string) []string {
			if s == "-" {
				return nil
			}
			return strings.Split(val(s), ";")
		}
		u := &cable.User{Name: f[0], Clearance: val(f[1]), Citizenship: val(f[2]), Posts: list(f[3]), ReadIns: list(f[4])}
		// "public" is the reading room's reader, not an account: harnesses
		// ask as it through cable.NewPublicContext or /public, and create
		// no user for it.
		u.Public = u.Name == "public"
		out = append(out, u)
		return nil
	})
	return out, err
}

// readTruth reads truth.txt (its format is described at its top).
func readTruth(path string, readers []*cable.User) ([]*TruthCable, error) {
	var out []*TruthCable
	err := eachLine(path, func(n int, line string) error {
		where := fmt.Sprintf("%s:%d", path, n)
		if rest, ok := strings.CutPrefix(line, "cable "); ok {
			c, err := truthCable(rest)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			out = append(out, c)
			return nil
		}
		if len(out) == 0 {
			return fmt.Errorf("%s: a reader line before any cable", where)
		}
		c := out[len(out)-1]
		if ws, ok := strings.CutPrefix(strings.TrimSpace(line), "words:"); ok {
			return truthWords(c, ws, where)
		}
		return truthShown(c, line, readers, where)
	})
	return out, err
}

// truthCable reads "NN.txt ID: what it is", with the words of NN.txt.
func truthCable(s string) (*TruthCable, error) {
	head, about, ok := strings.Cut(s, ": ")
	f := strings.Fields(head)
	if !ok || len(f) != 2 {
		return nil, fmt.Errorf("want \"cable FILE ID: about\", have %q", s)
	}
	c := &TruthCable{File: f[0], ID: f[1], About: about, Shown: map[string]Shown{}, Words: map[string]string{}}
	if nn, ok := strings.CutSuffix(c.File, ".txt"); ok {
		k, err := strconv.Atoi(nn)
		if err != nil {
			return nil, fmt.Errorf("file %q: want NN.txt", c.File)
		}
		c.Words["S"], c.Words["tag"] = "ZS"+nn, "ZT"+nn
		c.Words["T"] = "ZG" + string(rune('A'+k/26)) + string(rune('A'+k%26))
		for p := 1; p <= 9; p++ {
			c.Words[strconv.Itoa(p)] = fmt.Sprintf("ZP%sN%d", nn, p)
		}
	}
	return c, nil
}

// truthWords reads "S WORD, 1 WORD, …".
func truthWords(c *TruthCable, s, where string) error {
	for _, item := range strings.Split(s, ",") {
		f := strings.Fields(item)
		if len(f) != 2 {
			return fmt.Errorf("%s: word %q: want PART WORD", where, item)
		}
		c.Words[f[0]] = f[1]
	}
	return nil
}

// truthShown reads "READER...: SHOWN | BANNER".
func truthShown(c *TruthCable, line string, readers []*cable.User, where string) error {
	who, what, ok := strings.Cut(line, ":")
	shown, banner, ok2 := strings.Cut(what, "|")
	if !ok || !ok2 {
		return fmt.Errorf("%s: want \"READER...: SHOWN | BANNER\", have %q", where, line)
	}
	var s Shown
	s.Banner = strings.TrimSpace(banner)
	for _, w := range strings.Fields(shown) {
		switch w {
		case "S":
			s.Subject = true
		case "T":
			s.Unmarked = true
		default:
			n, err := strconv.Atoi(w)
			if err != nil {
				return fmt.Errorf("%s: shown %q: want S, T or a paragraph number", where, w)
			}
			s.Paragraphs = append(s.Paragraphs, n)
		}
	}
	for _, name := range strings.Fields(who) {
		if !slices.ContainsFunc(readers, func(u *cable.User) bool { return u.Name == name }) {
			return fmt.Errorf("%s: unknown reader %q", where, name)
		}
		if _, dup := c.Shown[name]; dup {
			return fmt.Errorf("%s: reader %q twice for %s", where, name, c.ID)
		}
		c.Shown[name] = s
	}
	return nil
}

// eachLine calls f with each line of path that is neither blank nor a
// comment, and its 1-based number.
func eachLine(path string, f func(n int, line string) error) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if err := f(n, line); err != nil {
			return err
		}
	}
	return sc.Err()
}
