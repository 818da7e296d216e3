package sqlite_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/storetest"
)

// TestImport_LongCable checks that a cable with more portions than a
// portion id has room for (512) is stored, its first 512 portions
// searchable and the rest not, that the import says so, and that
// rebuilding the index keeps it so without taking its portions for
// damage.
func TestImport_LongCable(t *testing.T) {
	db := MustOpenDB(t)
	var log bytes.Buffer
	db.Logger = slog.New(slog.NewTextHandler(&log, nil))
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"})
	if got := storetest.MustImport(t, db, storetest.LongCable(t, 600)); got[0] != cable.Imported {
		t.Fatalf("import = %v, want new", got[0])
	}
	if !strings.Contains(log.String(), "cable="+storetest.LongCableID) || !strings.Contains(log.String(), "portions=") {
		t.Errorf("the import did not say which cable's portions are not searchable; log:\n%s", log.String())
	}
	searchable := func(when string) {
		t.Helper()
		for k, want := range map[int]bool{9: true, 400: true, 600: false} {
			res, err := db.Search(ctx, cable.SearchQuery{Text: storetest.ParagraphWord(k)})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Total == 1; got != want {
				t.Errorf("%s: paragraph %d found = %v, want %v", when, k, got, want)
			}
		}
	}
	searchable("after import")
	log.Reset()
	if err := db.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	searchable("after a rebuild")
	if strings.Contains(log.String(), "otherwise") {
		t.Errorf("the rebuild took the unindexed portions for changed ones:\n%s", log.String())
	}
	chk, err := db.Check(context.Background())
	if err != nil || len(chk.Problems) > 0 {
		t.Errorf("Check = %+v, %v: want no problems", chk, err)
	}
}

// TestImport_MinuteFull checks that a cable with no free rowid in its
// minute is refused on its own, having written nothing, and the rest of
// its batch is stored.
func TestImport_MinuteFull(t *testing.T) {
	db := MustOpenDB(t)
	seed := cabletext.Parse(storetest.Seed(t))
	if err := db.FillMinute(context.Background(), seed.Header.Time); err != nil {
		t.Fatal(err)
	}
	other := cabletext.Parse(bytes.Replace(storetest.LongCable(t, 9), []byte("220000Z NOV 07"), []byte("220100Z NOV 07"), 1))
	res, err := db.ImportCables(context.Background(), []*cable.Cable{seed, other})
	refused, ok := cable.RefusedIn(err)
	if !ok || len(refused) != 1 || refused[0].ID != "07STATE159388" || cable.KindOf(err) != cable.Conflict {
		t.Fatalf("ImportCables error = %v, want the seed refused as a conflict", err)
	}
	if d := cmp.Diff([]cable.ImportResult{cable.Refused, cable.Imported}, res); d != "" {
		t.Errorf("results (-want +got):\n%s", d)
	}
	rows, err := db.VersionHashes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if strings.HasPrefix(r, "07STATE159388") {
			t.Errorf("the refused cable left %q behind", r)
		}
	}
	if !strings.Contains(strings.Join(rows, "\n"), storetest.LongCableID+" current 1") {
		t.Errorf("the other cable is not stored: %v", rows)
	}
}
