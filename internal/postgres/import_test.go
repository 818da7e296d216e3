package postgres_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/storetest"
)

// TestImport_RowRefused checks that a cable with a row PostgreSQL
// refuses, which SQLite stores, is refused on its own: here a tag and a
// sender too long for their indexes (2,704 bytes), which the batch's COPY
// refuses without saying whose they are. The rest of the batch is
// stored, and importing it again changes nothing.
func TestImport_RowRefused(t *testing.T) {
	db := MustOpenDB(t)
	r := rand.New(rand.NewPCG(1, 2))
	long := make([]byte, 3000)
	for i := range long {
		long[i] = byte('A' + r.IntN(26))
	}
	seed := string(storetest.Seed(t))
	variant := func(serial, old, new string) *cable.Cable {
		s := strings.NewReplacer("07STATE159388", "07STATE"+serial, "STATE 159388", "STATE "+serial).Replace(seed)
		return cabletext.ParseString(strings.Replace(s, old, new, 1))
	}
	batch := []*cable.Cable{
		cabletext.ParseString(seed),
		variant("900003", "TAGS: PARM PREL UNGA", "TAGS: PARM "+string(long)),
		cabletext.Parse(storetest.LongCable(t, 9)),
		variant("900004", "FM SECSTATE WASHDC", "FM "+string(long)),
	}
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"})
	for run, want := range [][]cable.ImportResult{
		{cable.Imported, cable.Refused, cable.Imported, cable.Refused},
		{cable.Unchanged, cable.Refused, cable.Unchanged, cable.Refused},
	} {
		res, err := db.ImportCables(context.Background(), batch)
		refused, ok := cable.RefusedIn(err)
		if !ok || len(refused) != 2 || refused[0].ID != "07STATE900003" || refused[1].ID != "07STATE900004" {
			t.Fatalf("run %d: ImportCables error = %v, want 07STATE900003 and 07STATE900004 refused", run+1, err)
		}
		if !strings.Contains(refused[0].Error(), "tags_pkey") {
			t.Errorf("run %d: refusal %q does not say what PostgreSQL refused", run+1, refused[0])
		}
		if d := cmp.Diff(want, res); d != "" {
			t.Errorf("run %d: results (-want +got):\n%s", run+1, d)
		}
		if n, err := db.CountCables(ctx); n != 2 {
			t.Errorf("run %d: CountCables = %d, %v, want 2", run+1, n, err)
		}
	}
}
