package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/storetest"
)

// badInputs writes, beside three good cables, one of each input an ingest
// must get past: a cable of 600 paragraphs, a telegram with a byte-order
// mark and CR LF line ends, a cable with a tag longer than PostgreSQL can
// index, an empty file, a file that is no cable and a link to nothing.
func badInputs(t *testing.T, dir string) {
	t.Helper()
	seedVariants(t, dir, 3)
	tel, err := os.ReadFile("../../internal/cabletext/testdata/telegram.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	long := make([]byte, 3000)
	for i := range long {
		long[i] = byte('A' + r.IntN(26))
	}
	poison := strings.NewReplacer("07STATE159388", "07STATE900003", "STATE 159388", "STATE 900003",
		"TAGS: PARM PREL UNGA", "TAGS: PARM "+string(long)).Replace(string(storetest.Seed(t)))
	for name, text := range map[string]string{
		"long.txt":     string(storetest.LongCable(t, 600)),
		"windows.txt":  "\uFEFF" + strings.ReplaceAll(string(tel), "\n", "\r\n"),
		"poison.txt":   poison,
		"empty.txt":    "",
		"notcable.txt": "Minutes of the meeting of 3 May.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
}

// TestIngestBadInputs checks that no bad input stops an ingest, on either
// store: each is reported with its file (and id, when the store refused
// it) and reason, the rest is stored, the exit status is 1, and running
// the ingest again changes nothing.
func TestIngestBadInputs(t *testing.T) {
	src := t.TempDir()
	badInputs(t, src)
	missing := filepath.Join(src, "missing", "x.txt")
	if id := cabletext.Parse(mustRead(t, filepath.Join(src, "windows.txt"))).ID; id != "08BEIJING42" {
		t.Fatalf("the CRLF telegram reads as %q, want 08BEIJING42", id)
	}
	notStored := []struct{ file, reason string }{
		{"empty.txt", "empty file"},
		{"notcable.txt", "no cable id"},
		{"dangling.txt", "no such file"},
		{"missing/x.txt", "no such file"},
	}
	for _, store := range []struct {
		name  string
		args  func(t *testing.T) []string
		isNew int
		// refused is what only the store refuses: PostgreSQL cannot index
		// a tag of 3,000 bytes, which SQLite stores.
		refused []struct{ file, reason string }
	}{
		{"sqlite", func(t *testing.T) []string { return []string{"--data", t.TempDir()} }, 6, nil},
		{"postgres", func(t *testing.T) []string { return []string{"--database", mustPostgresURL(t)} }, 5,
			[]struct{ file, reason string }{{"poison.txt", "id=07STATE900003 err=.*postgresql cannot store it.*tags_pkey"}}},
	} {
		t.Run(store.name, func(t *testing.T) {
			args := append(append([]string{"ingest"}, store.args(t)...), src, missing)
			bad := append(append([]struct{ file, reason string }{}, notStored...), store.refused...)
			for run, want := range []string{
				fmt.Sprintf("ingested: %d new, 0 unchanged, 0 new versions, %d not stored", store.isNew, len(bad)),
				fmt.Sprintf("ingested: 0 new, %d unchanged, 0 new versions, %d not stored", store.isNew, len(bad)),
			} {
				r := runMainIO(t, map[string]string{"CABLE_DATA": t.TempDir()}, "", args...)
				stdout, stderr, code := r.stdout, r.stderr, r.code
				if code != 1 || !strings.Contains(stdout, want) {
					t.Fatalf("run %d: exit %d, output %q; want 1 and %q\n%s", run+1, code, stdout, want, stderr)
				}
				for _, b := range bad {
					re := regexp.MustCompile(`cable not stored" file=\S*` + regexp.QuoteMeta(b.file) + ` .*` + b.reason)
					if !re.MatchString(stderr) {
						t.Errorf("run %d: no report of %s (%s):\n%s", run+1, b.file, b.reason, stderr)
					}
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seedVariants writes n copies of the seed to dir, each with its own id
// and a word of its own.
func seedVariants(t *testing.T, dir string, n int) {
	t.Helper()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		serial := 100000 + i
		s := strings.Replace(string(seed), "07STATE159388", fmt.Sprintf("07STATE%d", serial), 1)
		s = strings.Replace(s, "STATE 159388", fmt.Sprintf("STATE %d", serial), 1)
		s = strings.Replace(s, "TALIKING", fmt.Sprintf("TALKING%d", i), 1)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%05d.txt", i)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
