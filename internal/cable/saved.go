package cable

import (
	"context"
	"time"
)

// SavedSearch is a search a user keeps, to be told when new cables match
// it. Query is the search as the search page's URL writes it
// (q=…&tag=…&origin=…); the server reads it as it reads that page's.
type SavedSearch struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	CreatedAt time.Time `json:"created_at"`
	// SeenTo is the DTG of the newest cable the search has shown its
	// owner, zero for none: a match dated after it is new, however many
	// there are, and one dated at it is new unless its id is among those
	// kept as seen (SeenCables). Marks, unlike lists of ids, count new
	// matches past any window.
	SeenTo time.Time `json:"-"`
}

// MaxSavedSearches is how many saved searches one user may keep: each is
// run, as its owner, for the count of new matches on every page.
const MaxSavedSearches = 20

// SavedSearchService keeps each user's saved searches and, for each, the
// cables it has already shown them. The store never runs a saved search:
// the server runs it as its owner through [CableService.Search], as every
// search is run, so that a match is only ever what the owner may see.
// Every method acts for the caller in ctx on the caller's own searches:
// without a caller it returns Unauthenticated, and another user's search
// is NotFound.
type SavedSearchService interface {
	// CreateSavedSearch saves s for the caller, with s.SeenTo and, of the
	// cables it matches now dated at s.SeenTo, seen, which are not new,
	// and sets s.ID and s.CreatedAt. It returns
	// Invalid for an empty name or query, or past MaxSavedSearches.
	CreateSavedSearch(ctx context.Context, s *SavedSearch, seen []string) error
	// FindSavedSearches returns the caller's saved searches, oldest first.
	FindSavedSearches(ctx context.Context) ([]*SavedSearch, error)
	// DeleteSavedSearch deletes one of the caller's saved searches.
	DeleteSavedSearch(ctx context.Context, id int64) error
	// SeenCables returns the ids of the cables saved search id has shown
	// that it keeps: those dated at its SeenTo.
	SeenCables(ctx context.Context, id int64) (map[string]bool, error)
	// MarkSeen records that saved search id has shown the cables dated up
	// to to and, of those dated at to, ids. A to after the search's
	// SeenTo moves it there and forgets the ids kept at the old one; any
	// other to only adds ids.
	MarkSeen(ctx context.Context, id int64, to time.Time, ids []string) error
}

// Check returns Invalid for a saved search without a name or a query, or
// with either longer than a form would send.
func (s *SavedSearch) Check() error {
	switch {
	case s.Name == "":
		return Errorf(Invalid, "name: give the search a name")
	case len(s.Name) > 200:
		return Errorf(Invalid, "name: at most 200 characters")
	case s.Query == "":
		return Errorf(Invalid, "query: search for something first")
	case len(s.Query) > 4000:
		return Errorf(Invalid, "query: at most 4,000 characters")
	}
	return nil
}

// SearchOwner returns the ID of the caller in ctx, the owner of the saved
// searches a [SavedSearchService] method acts on, or Unauthenticated.
func SearchOwner(ctx context.Context) (int64, error) {
	u := UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return 0, Errorf(Unauthenticated, "sign in first: saved searches are a user's own")
	}
	return u.ID, nil
}

// NoSavedSearch is the NotFound of a saved search that is not the caller's.
func NoSavedSearch(id int64) error {
	return Errorf(NotFound, "saved search %d not found", id)
}

// TooManySavedSearches is the Invalid of one saved search too many.
func TooManySavedSearches() error {
	return Errorf(Invalid, "you keep %d saved searches, the most one may: delete one first", MaxSavedSearches)
}
