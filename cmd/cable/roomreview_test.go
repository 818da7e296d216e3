package main

// Probes of the security review of the reading room and exports (branch
// roomreview): each fails while the defect it names is there.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cable/cable/internal/storetest"
)

// TestProbeExportHash: an export gives every reader, the public
// included, the SHA-256 of the stored version, which is the hash of the
// whole text, withheld portions included. The API gives it only to a
// reader who reads all of the cable (handleCableVersions, readsAll): with
// the rest of the text in the view, the hash confirms a guess of what was
// withheld (a name, a number, a yes or no), offline and without limit.
// Cable 17's paragraph 2, whose mark cannot be read, is withheld from
// the public and from every reader.
func TestProbeExportHash(t *testing.T) {
	t.Parallel()
	env, _, _ := openExportArchive(t)
	full := sha256.Sum256(mustReadTruth(t, "17.txt"))
	for _, as := range [][]string{{"--public"}, {"--as", "us-s"}} {
		res := runMainIO(t, env, "", append(append([]string{"export"}, as...), "--format", "jsonl", "ZS17")...)
		if res.code != 0 {
			t.Fatalf("export %v: %d %s", as, res.code, res.stderr)
		}
		var l struct{ ID, SHA256, Citation string }
		if err := json.Unmarshal([]byte(strings.TrimSpace(res.stdout)), &l); err != nil || l.ID != "08STATE200017" {
			t.Fatalf("export %v: %q, %v; want 08STATE200017", as, res.stdout, err)
		}
		if l.SHA256 == hex.EncodeToString(full[:]) || strings.Contains(l.Citation, hex.EncodeToString(full[:])) {
			t.Errorf("export %v of 08STATE200017 gives the SHA-256 of its whole text (paragraph 2 withheld from this reader): %s", as, l.SHA256)
		}
	}
}

// mustReadTruth returns the source of a cable of the leak truth.
func mustReadTruth(t *testing.T, file string) []byte {
	t.Helper()
	for _, tc := range storetest.MustLoadLeakTruth(t).Cables {
		if tc.File == file {
			return tc.Src
		}
	}
	t.Fatalf("no %s in the leak truth", file)
	return nil
}
