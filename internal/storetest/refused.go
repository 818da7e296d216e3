package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// LongCableID is the id of LongCable's cable.
const LongCableID = "07STATE900001"

// LongCable returns the seed as cable 07STATE900001 with n paragraphs:
// the seed's eight, then (U) paragraphs up to n, paragraph k holding the
// word ParagraphWord(k). n = 600 passes the 512 portions a cable the
// SQLite store's search index has ids for.
func LongCable(tb testing.TB, n int) []byte {
	tb.Helper()
	s := string(Seed(tb))
	s = strings.Replace(s, "07STATE159388", LongCableID, 1)
	s = strings.Replace(s, "STATE 159388", "STATE 900001", 1)
	var b strings.Builder
	for k := 9; k <= n; k++ {
		fmt.Fprintf(&b, "\n\n%d.(U) Paragraph %d of a long cable: %s.", k, k, ParagraphWord(k))
	}
	return []byte(strings.Replace(s, "assistance. \nRICE", "assistance."+b.String()+"\nRICE", 1))
}

// ParagraphWord is the word only paragraph k of LongCable holds.
func ParagraphWord(k int) string { return fmt.Sprintf("QZPARA%d", k) }

// testRefused checks that a cable a store cannot take is refused on its
// own: the rest of its batch is stored, the error says which and why,
// and importing the batch again changes nothing. A cable of 600
// paragraphs is stored and read whole.
func testRefused(t *testing.T, s Store) {
	ctx := as("SECRET", "USA")
	long := cabletext.Parse(LongCable(t, 600))
	other := cabletext.Parse([]byte(strings.Replace(string(Seed(t)), "TALIKING", "TALKING", 1)))
	third := strings.NewReplacer("07STATE159388", "07STATE900002", "STATE 159388", "STATE 900002").Replace(string(Seed(t)))
	// The last is a new version of the first, in the same batch.
	batch := []*cable.Cable{cabletext.Parse(Seed(t)), long, {}, cabletext.ParseString(third), other}
	want := []cable.ImportResult{cable.Imported, cable.Imported, cable.Refused, cable.Imported, cable.NewVersion}
	for run, w := range [][]cable.ImportResult{want, {cable.Unchanged, cable.Unchanged, cable.Refused, cable.Unchanged, cable.Unchanged}} {
		res, err := s.ImportCables(context.Background(), batch)
		refused, ok := cable.RefusedIn(err)
		if !ok || len(refused) != 1 || refused[0].Index != 2 || cable.KindOf(err) != cable.Invalid {
			t.Fatalf("run %d: ImportCables error = %v, want cable 3 refused as invalid", run+1, err)
		}
		if d := cmp.Diff(w, res); d != "" {
			t.Errorf("run %d: results (-want +got):\n%s", run+1, d)
		}
		if n, _ := s.CountCables(ctx); n != 3 {
			t.Errorf("run %d: CountCables = %d, want 3", run+1, n)
		}
	}
	c, err := s.FindCableByID(ctx, LongCableID)
	if err != nil {
		t.Fatalf("the long cable is not found: %v", err)
	}
	if n := len(c.Text.Paragraphs); n != 600 {
		t.Errorf("the long cable reads with %d paragraphs, want 600", n)
	}
	for _, k := range []int{9, 400} {
		if ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: ParagraphWord(k)}); !cmp.Equal(ids, []string{LongCableID}) {
			t.Errorf("paragraph %d of the long cable: search finds %v", k, ids)
		}
	}
}
