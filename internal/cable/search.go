package cable

import "time"

// SearchQuery is a full-text search with filters. Zero fields mean "any".
type SearchQuery struct {
	// Text is the query: words, "phrases", AND, OR, NOT, parentheses.
	// Empty matches every cable (a filtered listing).
	Text string

	Tags       []string // every tag must be present
	Origin     string   // FM PLAD or archive origin, e.g. AMEMBASSY BEIJING
	Addressee  string   // a TO or INFO PLAD
	From, To   time.Time
	Classified string // a level word: UNCLASSIFIED, CONFIDENTIAL, SECRET
	Caption    string // SIPDIS, NODIS…
	// Quality keeps only cables with a data-quality finding of this kind
	// that the caller may know of (package quality: unreadable-mark…).
	Quality string
	Sort    string // "date" (newest first, the default) or "relevance"
	Offset  int
	Limit   int  // defaults to 20, at most 100
	Facets  bool // compute facet counts
	// CountLimit is how many matches a newest-first search counts before
	// it reports Total as a lower bound. Defaults to the store's (1,000).
	CountLimit int
	Snippets   bool // return a snippet of matching visible text per hit
	// Suggestions asks for other spellings of the query's words that find
	// nothing the caller may see ("did you mean").
	Suggestions bool
}

// SearchResult is one page of hits with totals and facets, all computed
// from what the caller may see.
type SearchResult struct {
	// Total is the number of matching cables; when TotalExact is false it
	// is a lower bound ("1,000 or more"), and facets count those cables.
	Total      int
	TotalExact bool
	Hits       []SearchHit
	Facets     map[string][]FacetCount // tag, origin, year, classification, quality
	// Suggestions are queries with the words that found nothing
	// respelled, each of which finds cables the caller may see, best
	// first; asked for by SearchQuery.Suggestions.
	Suggestions []Suggestion
}

// Suggestion is a respelled query and how many cables it finds, with
// the search's filters, up to a bound past which Total is a lower bound.
type Suggestion struct {
	Text       string
	Total      int
	TotalExact bool
}

// SearchHit is one cable that matches.
type SearchHit struct {
	ID      string
	Subject string // empty when the caller may not see the subject
	Origin  string
	DTG     time.Time
	Level   string // the highest level of what the caller may see
	// Classification is the banner of the caller's view: the roll-up of
	// the level, NOFORN and REL TO of the portions they may see, never of
	// withheld ones (SECRET//NOFORN).
	Classification string
	Snippet        string
	Score          float64
	Portions       []int // numbers of the matching visible paragraphs
}

// FacetCount is one value of a facet with its number of cables.
type FacetCount struct {
	Value string
	Count int
}

// RefGraph is a cable's place in the reference graph.
type RefGraph struct {
	ID string
	// Cites are the cable references of the cable, those in the archive
	// (that the caller may know of) and those that are not.
	Cites []RefLink
	// CitedBy are the cables that cite it.
	CitedBy []RefLink
	// Thread is the chain of replies: cables that cite this one, and
	// those that cite them, in time order.
	Thread []RefLink
}

// RefLink is one edge of the graph.
type RefLink struct {
	ID        string
	Label     string
	Text      string
	Subject   string
	DTG       time.Time
	InArchive bool // false: the archive holds no such cable (a dangling reference)
}
