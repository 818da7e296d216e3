package cabletext

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cable/cable/internal/cable"
)

// peerCase is one case of cablemap's transcribed test tables
// ($CABLE_PEER/cablemap_cases.json; see the README beside it).
type peerCase struct {
	Case      string          `json:"case"`
	Field     string          `json:"field"`
	InputKind string          `json:"input_kind"`
	Input     string          `json:"input"`
	Params    peerParams      `json:"params"`
	Expected  json.RawMessage `json:"expected"`
}

type peerParams struct {
	Year        int    `json:"year"`
	ReferenceID string `json:"reference_id"`
}

// peerTypedRef is an expected entry of a references_typed case.
type peerTypedRef struct {
	Kind   string  `json:"kind"`
	Value  string  `json:"value"`
	Bullet *string `json:"bullet"`
}

// peerTargets are the pass rates each field reaches today (references_typed
// is cablemap's own aspiration, beyond its model). testdata/peer_pass.txt
// further names each case that must pass.
var peerTargets = map[string]float64{
	"canonical_id":     1,     // 261/261
	"references":       1,     // 112/112
	"references_typed": 0.83,  // 44/53
	"tags":             0.987, // 81/82
	"tag_kind":         1,     // 10/10
}

// TestPeerFieldCases runs cablemap's test cases for canonical ids,
// references, tags and tag kinds through this package and reports the pass
// rate of each field, which must reach today's (peerTargets); each of its
// cases listed in testdata/peer_pass.txt must pass. It needs CABLE_PEER,
// the directory holding cablemap_cases.json. Cases listed in
// testdata/ref_peer_disputed.txt are judged wrongly expected; they still
// count as failures.
func TestPeerFieldCases(t *testing.T) {
	dir := os.Getenv("CABLE_PEER")
	if dir == "" {
		t.Skip("CABLE_PEER not set: skipping cablemap's test cases (set it to the directory of cablemap_cases.json)")
	}
	data, err := os.ReadFile(filepath.Join(dir, "cablemap_cases.json"))
	if err != nil {
		t.Fatalf("CABLE_PEER is set but the cases cannot be read: %v", err)
	}
	var cases []peerCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("read cablemap_cases.json: %v", err)
	}
	disputed := mustReadDisputed(t)
	pass, total := map[string]int{}, map[string]int{}
	ran, passed := map[string]bool{}, map[string]bool{}
	for _, c := range cases {
		if _, ok := peerTargets[c.Field]; !ok || c.InputKind != "text" && c.Field != "canonical_id" {
			continue
		}
		total[c.Field]++
		ran[peerKey(c)] = true
		diff, err := runPeerCase(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Case, err)
		}
		if diff == "" {
			pass[c.Field]++
			passed[peerKey(c)] = true
			continue
		}
		if reason, ok := disputed[c.Case]; ok {
			t.Logf("%s (disputed: %s): (-want +got)\n%s", c.Case, reason, diff)
		} else {
			t.Logf("%s: (-want +got)\n%s", c.Case, diff)
		}
	}
	for _, field := range slices.Sorted(maps.Keys(peerTargets)) {
		target := peerTargets[field]
		rate := float64(pass[field]) / float64(max(total[field], 1))
		t.Logf("%-16s %3d/%3d pass (%.1f%%), target %.1f%%", field, pass[field], total[field], 100*rate, 100*target)
		if total[field] == 0 || rate < target {
			t.Errorf("%s: %d/%d pass, below the %.1f%% target", field, pass[field], total[field], 100*target)
		}
	}
	checkCaseList(t, peerPassList, readCaseList(t, peerPassList), passed, ran, true)
}

// runPeerCase runs one case and returns the difference from the expected
// value, empty when it passes.
func runPeerCase(c peerCase) (string, error) {
	switch c.Field {
	case "canonical_id", "tag_kind":
		var want string
		if err := json.Unmarshal(c.Expected, &want); err != nil {
			return "", err
		}
		got := CanonicalID(c.Input)
		if c.Field == "tag_kind" {
			got = TagKind(c.Input)
		}
		return cmp.Diff(want, got), nil
	case "references":
		var want []string
		if err := json.Unmarshal(c.Expected, &want); err != nil {
			return "", err
		}
		var got []string
		for _, r := range peerReferences(c) {
			if r.Kind == cable.RefCable {
				got = append(got, r.ID)
			}
		}
		return cmp.Diff(want, got, cmpopts.EquateEmpty()), nil
	case "references_typed":
		var want []peerTypedRef
		if err := json.Unmarshal(c.Expected, &want); err != nil {
			return "", err
		}
		for i := range want {
			if want[i].Kind == "BOOK" {
				want[i].Kind = "OTHER" // cable.RefKind has no book kind
			}
		}
		var got []peerTypedRef
		for _, r := range peerReferences(c) {
			got = append(got, typedRef(r))
		}
		return cmp.Diff(want, got, cmpopts.EquateEmpty()), nil
	case "tags":
		var want []string
		if err := json.Unmarshal(c.Expected, &want); err != nil {
			return "", err
		}
		s := c.Input[peerTagsStart(c.Input):]
		return cmp.Diff(want, ParseTags(s[:TagsEnd(s)]), cmpopts.EquateEmpty()), nil
	}
	return "", fmt.Errorf("unknown field %q", c.Field)
}

// peerReferences parses the REF block of a case's snippet, which may hold
// the lines before it too (TAGS, SUBJECT).
func peerReferences(c peerCase) []cable.Reference {
	self := ""
	if c.Params.ReferenceID != "" {
		self = CanonicalID(c.Params.ReferenceID)
	}
	return ParseReferences(c.Input[peerRefStart(c.Input):], c.Params.Year, self)
}

// typedRef writes r in the vocabulary of cablemap's typed references.
func typedRef(r cable.Reference) peerTypedRef {
	kinds := map[cable.RefKind]string{
		cable.RefCable: "CABLE", cable.RefEmail: "EMAIL", cable.RefTelcon: "TEL",
		cable.RefReport: "REPORT", cable.RefMemo: "MEMO", cable.RefOther: "OTHER",
	}
	tr := peerTypedRef{Kind: kinds[r.Kind], Value: r.Text}
	if r.Kind == cable.RefCable {
		tr.Value = r.ID
	}
	if r.Label != "" {
		label := r.Label
		tr.Bullet = &label
	}
	return tr
}

// peerRefStart returns where the REF block of a snippet begins: at the
// first REF keyword followed by a colon (glued on, as in "PRIMEREF:"), or
// opening a line; 0 when there is none.
func peerRefStart(s string) int {
	for i := 0; i+3 <= len(s); i++ {
		if !strings.EqualFold(s[i:i+3], "REF") {
			continue
		}
		j := i + 3
		for _, suffix := range []string{"(S)", "ERENCES", "ERENCE", "TELS", "TEL", "S"} {
			if len(s) >= j+len(suffix) && strings.EqualFold(s[j:j+len(suffix)], suffix) {
				j += len(suffix)
				break
			}
		}
		if j < len(s) && isLetter(s[j]) {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && s[k] == ':' || opensLine(s, i) {
			return i
		}
	}
	return 0
}

// opensLine reports whether only spaces and ¶ stand between the start of
// the line and s[i].
func opensLine(s string, i int) bool {
	line := s[strings.LastIndexByte(s[:i], '\n')+1 : i]
	return strings.Trim(line, " ¶") == ""
}

// peerTagsStart returns the index of the first TAGS keyword of a snippet
// that starts a word.
func peerTagsStart(s string) int {
	for i := 0; i < len(s); i++ {
		if (i == 0 || !isLetter(s[i-1])) && tagsKeywordLen(s[i:]) > 0 && isLetter(s[i]) {
			return i
		}
	}
	return 0
}

// mustReadDisputed reads testdata/ref_peer_disputed.txt: one case id, a
// tab and the reason per line.
func mustReadDisputed(tb testing.TB) map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "ref_peer_disputed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, reason, ok := strings.Cut(sc.Text(), "\t")
		if ok && !strings.HasPrefix(id, "#") {
			m[id] = reason
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}
