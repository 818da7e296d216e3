package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// testSavedSearches checks cable.SavedSearchService: a user's searches and
// the cables each has shown are theirs alone (another user's search is
// not found, whatever they try), a search keeps what it was saved with and
// what it is told it has shown, and deleting it forgets both.
func testSavedSearches(t *testing.T, s Store) {
	svc, ok := s.(cable.SavedSearchService)
	if !ok {
		t.Fatalf("%T does not implement cable.SavedSearchService", s)
	}
	ctx := context.Background()
	user := func(name string) context.Context {
		u := &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}
		if err := s.CreateUser(ctx, u, "password1"); err != nil {
			t.Fatal(err)
		}
		return cable.NewContextWithUser(ctx, u)
	}
	ann, bob := user("ann"), user("bob")

	if err := svc.CreateSavedSearch(ctx, &cable.SavedSearch{Name: "x", Query: "q=x"}, nil); kindOf(err) != cable.Unauthenticated {
		t.Errorf("CreateSavedSearch without a caller: error = %v, want Unauthenticated", err)
	}
	for _, bad := range []cable.SavedSearch{{Query: "q=x"}, {Name: "x"}} {
		if err := svc.CreateSavedSearch(ann, &bad, nil); kindOf(err) != cable.Invalid {
			t.Errorf("CreateSavedSearch(%+v): error = %v, want Invalid", bad, err)
		}
	}
	mark := time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)
	arms := &cable.SavedSearch{Name: "Arms transfers", Query: "q=arms&tag=PARM", SeenTo: mark}
	if err := svc.CreateSavedSearch(ann, arms, []string{"07STATE159388", "08BEIJING100004"}); err != nil || arms.ID == 0 {
		t.Fatalf("CreateSavedSearch = %v, id %d", err, arms.ID)
	}
	got, err := svc.FindSavedSearches(ann)
	if err != nil || len(got) != 1 || got[0].ID != arms.ID || got[0].Name != arms.Name || got[0].Query != arms.Query || !got[0].SeenTo.Equal(mark) {
		t.Errorf("FindSavedSearches(ann) = %+v, %v; want the one saved", got, err)
	}
	if got, err := svc.FindSavedSearches(bob); err != nil || len(got) != 0 {
		t.Errorf("FindSavedSearches(bob) = %+v, %v; want none of ann's", got, err)
	}

	// Bob can neither read, mark nor delete Ann's search.
	if _, err := svc.SeenCables(bob, arms.ID); kindOf(err) != cable.NotFound {
		t.Errorf("SeenCables of another's search: error = %v, want NotFound", err)
	}
	if err := svc.MarkSeen(bob, arms.ID, mark.Add(time.Hour), []string{"08LONDON100003"}); kindOf(err) != cable.NotFound {
		t.Errorf("MarkSeen of another's search: error = %v, want NotFound", err)
	}
	if err := svc.DeleteSavedSearch(bob, arms.ID); kindOf(err) != cable.NotFound {
		t.Errorf("DeleteSavedSearch of another's search: error = %v, want NotFound", err)
	}

	// At the same mark, what was shown is added to.
	if err := svc.MarkSeen(ann, arms.ID, mark, []string{"08LONDON100003", "07STATE159388"}); err != nil {
		t.Fatal(err)
	}
	mustSeen(t, svc, ann, arms.ID, mark, "07STATE159388", "08BEIJING100004", "08LONDON100003")
	// A later mark forgets the ids kept at the old one; an earlier one
	// moves nothing back.
	later := mark.Add(36 * time.Hour)
	if err := svc.MarkSeen(ann, arms.ID, later, []string{"08LONDON100005"}); err != nil {
		t.Fatal(err)
	}
	mustSeen(t, svc, ann, arms.ID, later, "08LONDON100005")
	if err := svc.MarkSeen(ann, arms.ID, mark, []string{"08LONDON100006"}); err != nil {
		t.Fatal(err)
	}
	mustSeen(t, svc, ann, arms.ID, later, "08LONDON100005", "08LONDON100006")

	// A user keeps at most cable.MaxSavedSearches.
	for i := 2; i <= cable.MaxSavedSearches; i++ {
		if err := svc.CreateSavedSearch(ann, &cable.SavedSearch{Name: fmt.Sprint(i), Query: fmt.Sprintf("q=%d", i)}, nil); err != nil {
			t.Fatalf("saved search %d: %v", i, err)
		}
	}
	if err := svc.CreateSavedSearch(ann, &cable.SavedSearch{Name: "one more", Query: "q=more"}, nil); kindOf(err) != cable.Invalid {
		t.Errorf("saved search %d: error = %v, want Invalid", cable.MaxSavedSearches+1, err)
	}

	if err := svc.DeleteSavedSearch(ann, arms.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SeenCables(ann, arms.ID); kindOf(err) != cable.NotFound {
		t.Errorf("SeenCables of a deleted search: error = %v, want NotFound", err)
	}
	if got, _ := svc.FindSavedSearches(ann); len(got) != cable.MaxSavedSearches-1 {
		t.Errorf("after a delete ann keeps %d saved searches, want %d", len(got), cable.MaxSavedSearches-1)
	}
}

// mustSeen checks a saved search's mark and the ids it keeps as seen.
func mustSeen(t *testing.T, svc cable.SavedSearchService, ctx context.Context, id int64, to time.Time, ids ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, c := range ids {
		want[c] = true
	}
	seen, err := svc.SeenCables(ctx, id)
	if diff := cmp.Diff(want, seen); err != nil || diff != "" {
		t.Errorf("SeenCables (-want +got):\n%s%v", diff, err)
	}
	all, err := svc.FindSavedSearches(ctx)
	for _, ss := range all {
		if ss.ID == id && !ss.SeenTo.Equal(to) {
			t.Errorf("SeenTo = %v, want %v", ss.SeenTo, to)
		}
	}
	if err != nil {
		t.Error(err)
	}
}
