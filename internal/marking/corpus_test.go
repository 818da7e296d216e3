package marking

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// corpusMarkPattern finds the portion mark at the start of a numbered
// paragraph's line: "1. (S/NF)", "2.(S/REL CHINA)", "¶3. (C)".
const corpusMarkPattern = `^¶?\d+\.\s*\(([^)]{1,40})\)`

// TestCorpus reads every cable of the corpus named by CABLE_CORPUS (the
// shared/corpus directory) and checks MARKINGS.md §2: each distinct
// portion mark is read or refused with a reason, as corpusMarks records.
// It also checks that every metadata classification (line 4) is a banner.
func TestCorpus(t *testing.T) {
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		t.Skip("CABLE_CORPUS is not set; set it to the shared/corpus directory to check every portion mark of the real cables")
	}
	marks, banners, cables := readCorpus(t, dir)
	want := make(map[string]markCase)
	for _, tc := range corpusMarks() {
		want[tc.in] = tc
	}
	var read, refused, readN, refusedN int
	for _, mark := range sortedKeys(marks) {
		n := marks[mark]
		tc, ok := want[mark]
		if !ok {
			t.Errorf("mark %q (%d times) is not in corpusMarks: add it", mark, n)
		} else if tc.count != n {
			t.Errorf("mark %q: %d times in the corpus, corpusMarks says %d", mark, n, tc.count)
		}
		delete(want, mark)
		m, err := ParseMark(mark)
		if err == nil {
			read, readN = read+1, readN+n
			if ok && m.Portion() != tc.want {
				t.Errorf("ParseMark(%q).Portion() = %q, corpusMarks says %q", mark, m.Portion(), tc.want)
			}
			continue
		}
		refused, refusedN = refused+1, refusedN+n
		var me *MarkError
		if !errors.As(err, &me) || me.Err == nil {
			t.Errorf("ParseMark(%q) error %v gives no reason", mark, err)
		}
		if ok && !errors.Is(err, tc.err) {
			t.Errorf("ParseMark(%q) error = %v, corpusMarks says %v", mark, err, tc.err)
		}
		t.Logf("refused (%d times): %v", n, err)
	}
	for mark := range want {
		t.Errorf("corpusMarks lists %q, which the corpus does not hold", mark)
	}
	t.Logf("%d cables; %d portion marks, %d distinct: %d read (%d marks), %d refused (%d marks)",
		cables, readN+refusedN, len(marks), read, readN, refused, refusedN)
	for _, b := range sortedKeys(banners) {
		m, err := ParseBanner(b)
		if err != nil {
			t.Errorf("metadata classification: %v", err)
			continue
		}
		t.Logf("metadata classification %q (%d cables) reads as %s", b, banners[b], m.Banner())
	}
}

// readCorpus returns the portion marks and metadata classifications of the
// cables in dir, with how often each occurs, and the number of cables. It
// fails the test when dir cannot be read or holds no cable.
func readCorpus(tb testing.TB, dir string) (marks, banners map[string]int, cables int) {
	tb.Helper()
	if _, err := os.ReadDir(dir); err != nil {
		tb.Fatalf("CABLE_CORPUS: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		tb.Fatalf("CABLE_CORPUS: %v", err)
	}
	if len(files) == 0 {
		tb.Fatalf("CABLE_CORPUS=%s holds no *.txt cable", dir)
	}
	pattern := regexp.MustCompile(corpusMarkPattern)
	marks, banners = make(map[string]int), make(map[string]int)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatalf("CABLE_CORPUS: %v", err)
		}
		lines := strings.Split(string(data), "\n")
		for _, line := range lines {
			if m := pattern.FindStringSubmatch(line); m != nil {
				marks[m[1]]++
			}
		}
		if len(lines) >= 4 {
			banners[lines[3]]++
		}
	}
	return marks, banners, len(files)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
