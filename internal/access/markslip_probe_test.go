package access_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// TestProbeMarkSlips is an adversarial review's probe (branch review): text
// that a drafter marked TOP SECRET, in ways a person reads without doubt,
// but that cabletext does not take for a portion mark, so that it lands in
// the text of another portion (or in the unmarked text) and takes that
// portion's marking. MARKINGS.md §2: "a (TOP SECRET) paragraph in a SECRET
// cable must not reach a SECRET reader". Each case puts a word found
// nowhere else after the mark and fails when a SECRET US reader's view of
// the seed (SIPDIS, banner SECRET) shows it. The corpus has the
// duplicate-number case for real: 06PHNOMPENH983 "11. (C)" inside
// 11. (U), 08LONDON1224 "2. (S)" inside 7. (U), 09BEIJING2963 "1. (S)" and
// "2. (S)" inside 2. (U//SBU) (15 cables, 28 paragraphs).
func TestProbeMarkSlips(t *testing.T) {
	seed := string(mustSeedText(t))
	const para7 = "7.(U) Please report"
	for _, tc := range []struct {
		name, old, new string
	}{
		{"colon between level and NF", para7, "7. (TS:NF) ZQCOLON Please report"},
		{"comma between level and NF", para7, "7. (TS,NF) ZQCOMMA Please report"},
		{"hyphenated TOP-SECRET", para7, "7. (TOP-SECRET) ZQHYPHEN Please report"},
		{"TOPSECRET in one word", para7, "7. (TOPSECRET) ZQONEWORD Please report"},
		{"well-formed mark longer than 40 bytes", para7, "7. (TOP SECRET//REL TO USA, AUS, CAN, GBR, NZL) ZQLONG Please report"},
		{"Cyrillic Т in TS", para7, "7. (\u0422S) ZQCYRILLIC Please report"},
		{"mark in the subject with a colon", "SUBJECT: DEMARCHE ON", "SUBJECT: (TS:NF) ZQSUBJECT DEMARCHE ON"},
		{"out-of-sequence number after paragraph 1", "¶6. NOTE THAT", "¶6. (TS) ZQSTRAY NOTE THAT"},
		{"number repeated after paragraph 7", "8.(U) Washington", "7. (TS) ZQDUPLICATE more.\n\n8.(U) Washington"},
		{"paragraph 0 before paragraph 1", "¶1. (S) ACTION", "0. (TS) ZQZERO text.\n\n¶1. (S) ACTION"},
		{"lettered sub-paragraph", "8.(U) Washington", "A. (TS) ZQLETTER text.\n\n8.(U) Washington"},
		{"unnumbered marked paragraph", "8.(U) Washington", "(TS) ZQUNNUMBERED text.\n\n8.(U) Washington"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(seed, tc.old) {
				t.Fatalf("the seed has no %q", tc.old)
			}
			src := strings.Replace(seed, tc.old, tc.new, 1)
			word := probeWord(tc.new)
			c := cabletext.Parse([]byte(src))
			v, ok := access.View(usReader(marking.Secret), c, access.DistributionOf(c), now)
			if !ok {
				return
			}
			b, err := json.Marshal(v.Cable)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), word) {
				t.Errorf("LEAK: TOP SECRET text %s (written %q) is shown to a SECRET reader: the mark is not read as one, so the text takes a SECRET or lower marking", word, tc.new)
			}
		})
	}
}

// TestProbeMarkSlipReleaseCopy: a CONFIDENTIAL sub-paragraph inside a (U)
// paragraph reaches a foreign government's release copy, as the corpus's
// 06PHNOMPENH983 "11. (C) Nov Sophal…" does in the copy for KHM.
func TestProbeMarkSlipReleaseCopy(t *testing.T) {
	src := strings.Replace(string(mustSeedText(t)), "8.(U) Washington", "7. (C) ZQRELEASE text.\n\n8.(U) Washington", 1)
	c := cabletext.Parse([]byte(src))
	v, ok := access.ReleaseCopy("CHN", marking.Secret, c, now)
	if !ok {
		t.Fatal("no release copy for CHN")
	}
	b, err := json.Marshal(v.Cable)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "ZQRELEASE") {
		t.Error("LEAK: the release copy for CHN holds a paragraph marked (C), no REL TO: a repeated number 7. puts it inside 7. (U)")
	}
}

// probeWord returns the word of s that begins ZQ.
func probeWord(s string) string {
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "ZQ") {
			return w
		}
	}
	return s
}

func mustSeedText(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "cabletext", "testdata", "seed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
