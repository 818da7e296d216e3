package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2/roaring64"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/index"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/quality"
)

// A search the engine can answer (ReadsAll) is answered in memory, with
// every hit counted: each term's matches among the classes the caller
// may see become the cables where they are (a match in unmarked text
// counts only in a cable the caller may know of), the query's boolean
// structure combines those sets, the caller's distribution and the
// filters cut them, and one pass over the hits gives the facets. No SQL
// runs but the page's rows and snippets: totals and facets cover every
// hit, and the cost grows with what the caller may see, never with
// withheld text.

// Reader is a caller as the engine searches for them.
type Reader struct {
	// Classes are the classes whose portions the caller may see (the
	// store's access predicates decide them, captions and, when Posts is
	// nil, distribution included).
	Classes []index.Class
	// Foreign is whether the caller reads release copies, which show no
	// withheld place (qualityKnown).
	Foreign bool
	// Posts, when not nil, are the caller's posts (normalised PLADs): a
	// cable is admitted when one of them is a party to it, or, when Open,
	// when it is open (SIPDIS, no restrictive caption).
	Posts []string
	Open  bool
}

// Answer is what the engine found: every hit (the store's cable keys),
// in the order asked, with scores when ranked, and the facets over them
// all.
type Answer struct {
	Hits   []int64
	Scores map[int64]float64
	Facets map[string]map[string]int // counts by facet and value
	// Quality is the data-quality facet, kinds in quality.Kinds order.
	Quality []cable.FacetCount
}

// Search answers q (whose text parsed as query, nil for none) for r.
// named are the cables q's text names by id (cabletext.IDsOf), which are
// hits, first, when r may know of them. The caller has checked ReadsAll.
func (e *Engine) Search(r Reader, q cable.SearchQuery, query *cable.Query, named []uint64) *Answer {
	ev := e.evaluation(r.Classes, q.Sort == "relevance" && query != nil)
	ev.foreign = r.Foreign
	var found *roaring64.Bitmap
	if query == nil {
		found = ev.idx.Known(ev.candidates(q), ev.visible)
	} else {
		found = ev.eval(query)
	}
	namedSet := ev.idx.Known(roaring64.BitmapOf(named...), ev.visible)
	found.Or(namedSet)
	if admit := r.admitted(ev.idx); admit != nil {
		found.And(admit)
	}
	ans := &Answer{}
	ans.Hits, ans.Facets, ans.Quality = ev.filter(q, found)
	defer func() { nameFirst(ans.Hits, namedSet) }()
	if ev.counts != nil {
		ans.Scores = ScoreHits(query, ans.Hits, ev.shown(ans.Hits))
		slices.SortStableFunc(ans.Hits, func(a, b int64) int {
			switch sa, sb := ans.Scores[a], ans.Scores[b]; {
			case sa < sb:
				return -1
			case sa > sb:
				return 1
			}
			return 0
		})
	}
	return ans
}

// nameFirst moves the hits that named holds to the front, keeping the
// order of each part.
func nameFirst(hits []int64, named *roaring64.Bitmap) {
	if named.IsEmpty() {
		return
	}
	slices.SortStableFunc(hits, func(a, b int64) int {
		na, nb := named.Contains(uint64(a)), named.Contains(uint64(b))
		switch {
		case na && !nb:
			return -1
		case nb && !na:
			return 1
		}
		return 0
	})
}

// ReadsAll reports whether every term of query is of a form the engine
// reads.
func ReadsAll(n *cable.Query) bool {
	if n.Op != "" {
		return ReadsAll(n.Left) && ReadsAll(n.Right)
	}
	_, ok := Term(n.Term)
	return ok
}

// Term returns what a term as the query parser writes it ("word",
// "a phrase", "pre"*) asks of the engine, and false for a term of
// another form.
func Term(term string) (index.Term, bool) {
	prefix := strings.HasSuffix(term, "*")
	term = strings.TrimSuffix(term, "*")
	if len(term) < 2 || term[0] != '"' || term[len(term)-1] != '"' {
		return index.Term{}, false
	}
	return index.ParseTerm(strings.ReplaceAll(term[1:len(term)-1], `""`, `"`), prefix), true
}

// evaluation is one search's view of the engine.
type evaluation struct {
	idx     *index.Index
	keys    []Key
	classes []index.Class
	vis     []bool // by class
	// counts holds, when ranking, each term's matching portions a cable.
	counts  map[*cable.Query]map[uint64]int
	foreign bool
	byDate  bool
}

// sortByDate orders keys newest first by their cables' dates, the undated
// last, as they are (newest key first) within one second.
func (ev *evaluation) sortByDate(keys []uint64) {
	type dated struct {
		key uint64
		dtg int64
		has bool
	}
	ds := make([]dated, 0, len(keys))
	ev.idx.EachCable(keys, func(c index.CableView) { ds = append(ds, dated{c.Key, c.DTG, c.HasDTG}) })
	if len(ds) != len(keys) {
		return // a key without facts: keep the keys' order
	}
	slices.SortStableFunc(ds, func(a, b dated) int {
		switch {
		case a.has != b.has:
			if a.has {
				return -1
			}
			return 1
		case a.dtg > b.dtg:
			return -1
		case a.dtg < b.dtg:
			return 1
		}
		return 0
	})
	for i, d := range ds {
		keys[i] = d.key
	}
}

func (e *Engine) evaluation(classes []index.Class, ranked bool) *evaluation {
	ev := &evaluation{idx: e.idx.Load(), keys: e.Keys(), classes: classes, byDate: e.ByDate}
	ev.vis = make([]bool, len(ev.keys))
	for _, c := range classes {
		if int(c) < len(ev.vis) {
			ev.vis[c] = true
		}
	}
	if ranked {
		ev.counts = map[*cable.Query]map[uint64]int{}
	}
	return ev
}

// declassified reports whether class c is of declassified text.
func (ev *evaluation) declassified(c index.Class) bool {
	return int(c) < len(ev.keys) && ev.keys[c].Declassified
}

// visible reports whether the caller may see class c.
func (ev *evaluation) visible(c index.Class) bool { return int(c) < len(ev.vis) && ev.vis[c] }

// eval returns the cables that satisfy n: a term holds in a cable where
// it matches a portion the caller may see, and that portion is a subject
// or paragraph or the cable is known to the caller (the stores'
// knownThrough).
func (ev *evaluation) eval(n *cable.Query) *roaring64.Bitmap {
	switch n.Op {
	case "":
		t, _ := Term(n.Term)
		h := ev.idx.Match(t, ev.classes).Cables(ev.counts != nil)
		if ev.counts != nil {
			ev.counts[n] = h.Counts
		}
		if !h.Unmarked.IsEmpty() {
			h.Marked.Or(ev.idx.Known(h.Unmarked, ev.visible))
		}
		return h.Marked
	case "AND":
		l := ev.eval(n.Left)
		l.And(ev.eval(n.Right))
		return l
	case "OR":
		l := ev.eval(n.Left)
		l.Or(ev.eval(n.Right))
		return l
	}
	l := ev.eval(n.Left)
	l.AndNot(ev.eval(n.Right))
	return l
}

// candidates returns the cables a search without words starts from: those
// of its tags and addressee when it has them, else every cable.
func (ev *evaluation) candidates(q cable.SearchQuery) *roaring64.Bitmap {
	var out *roaring64.Bitmap
	and := func(bm *roaring64.Bitmap) {
		if out == nil {
			out = bm
		} else {
			out.And(bm)
		}
	}
	for _, t := range q.Tags {
		and(ev.idx.Set(Value(ValTag, strings.ToUpper(strings.TrimSpace(t)))))
	}
	if a := access.NormalizePLAD(q.Addressee); q.Addressee != "" {
		and(ev.idx.Set(Value(ValTo, a)))
	}
	if out == nil {
		return ev.idx.AllCables()
	}
	return out
}

// admitted returns the cables whose distribution admits the caller, or
// nil when the classes already decided it: for a reader with posts, the
// cables of their posts, and the open ones unless only membership admits
// them. Captions are part of the classes.
func (r Reader) admitted(idx *index.Index) *roaring64.Bitmap {
	if r.Posts == nil {
		return nil
	}
	out := roaring64.New()
	for _, p := range r.Posts {
		out.Or(idx.Set(Value(ValParty, p)))
	}
	if r.Open {
		out.Or(idx.Set(ValOpen))
	}
	return out
}

// shown returns, for each hit, how many of its visible portions match
// each term: every match the engine gave is visible, and every hit is
// known to the caller.
func (ev *evaluation) shown(hits []int64) map[int64]TermCounts {
	out := make(map[int64]TermCounts, len(hits))
	for _, h := range hits {
		tc := TermCounts{}
		for n, counts := range ev.counts {
			if c := counts[uint64(h)]; c > 0 {
				tc[n] = c
			}
		}
		out[h] = tc
	}
	return out
}

// filter keeps the cables that pass q's filters, in order, and counts
// the facets over them when asked. The filters on values (tags, captions,
// origin, addressee) are sets, cut before any cable is read; what
// depends on the caller (whether they may see the banner, which tags and
// captions take; their view's level) and dates are checked cable by
// cable, and only when a filter or the facets need them.
func (ev *evaluation) filter(q cable.SearchQuery, found *roaring64.Bitmap) ([]int64, map[string]map[string]int, []cable.FacetCount) {
	f := ev.filtersOf(q)
	if f.none {
		return nil, nil, nil
	}
	for _, v := range f.sets {
		found.And(ev.idx.Set(v))
	}
	if f.origin != "" {
		o := ev.idx.Set(Value(ValOrigin, f.origin))
		o.Or(ev.idx.Set(Value(ValOName, f.origin)))
		found.And(o)
	}
	keys := found.ToArray()
	slices.Reverse(keys) // newest first
	if ev.byDate {
		ev.sortByDate(keys)
	}
	if !f.perCable() && !q.Facets {
		hits := make([]int64, len(keys))
		for i, k := range keys {
			hits[i] = int64(k)
		}
		return hits, nil, nil
	}
	var hits []int64
	var counts, tagCounts []int // by value number
	levels := map[int]int{}
	kinds := ev.qualityValues()
	qualityCounts := make([]int, len(quality.Kinds))
	ev.idx.EachCable(keys, func(c index.CableView) {
		if !f.keeps(ev, c) {
			return
		}
		level, seen := 0, false
		if f.byLevel || q.Facets {
			level, seen = ev.visibleLevel(c)
			if f.byLevel && (!seen || level != f.level) {
				return
			}
		}
		hits = append(hits, int64(c.Key))
		if !q.Facets {
			return
		}
		levels[level]++
		banner := ev.visible(c.Banner)
		for _, id := range c.ValueIDs() {
			counts = countAt(counts, id)
			if banner {
				tagCounts = countAt(tagCounts, id)
			}
			if k, ok := kinds[id]; ok && ev.qualityKnown(quality.Kinds[k], c) {
				qualityCounts[k]++
			}
		}
	})
	if !q.Facets {
		return hits, nil, nil
	}
	var qf []cable.FacetCount
	for k, n := range qualityCounts {
		if n > 0 {
			qf = append(qf, cable.FacetCount{Value: quality.Kinds[k], Count: n})
		}
	}
	return hits, ev.facetsOf(counts, tagCounts, levels), qf
}

// qualityValues maps the numbers of the data-quality values to their
// kinds' places in quality.Kinds.
func (ev *evaluation) qualityValues() map[uint32]int {
	out := map[uint32]int{}
	for k, kind := range quality.Kinds {
		if id, ok := ev.idx.ValueID(Value(ValQuality, kind)); ok {
			out[id] = k
		}
	}
	return out
}

// countAt adds one to counts[id], growing counts as need be.
func countAt(counts []int, id uint32) []int {
	if int(id) >= len(counts) {
		counts = append(counts, make([]int, int(id)+1-len(counts))...)
	}
	counts[id]++
	return counts
}

// facetsOf turns the counts by value number into the facets: origins
// and years over every hit, tags over the hits whose banner the caller
// may see, the classification of each hit's view.
func (ev *evaluation) facetsOf(counts, tagCounts []int, levels map[int]int) map[string]map[string]int {
	out := map[string]map[string]int{"tag": {}, "origin": {}, "year": {}, "classification": {}}
	ids := make([]uint32, len(counts))
	for i := range ids {
		ids[i] = uint32(i)
	}
	for i, name := range ev.idx.ValueNames(ids) {
		facet, v, _ := strings.Cut(name, "=")
		switch {
		case facet == ValOrigin && counts[i] > 0:
			out["origin"][v] = counts[i]
		case facet == ValYear && counts[i] > 0:
			out["year"][v] = counts[i]
		case facet == ValTag && i < len(tagCounts) && tagCounts[i] > 0:
			out["tag"][v] = tagCounts[i]
		}
	}
	for l, n := range levels {
		out["classification"][strconv.Itoa(l)] = n
	}
	return out
}

// visibleLevel is the level of the caller's view of cable c (the stores'
// visibleLevel): the highest level of the portions they may see, a
// portion released by declassification counting as unclassified; seen
// is false when they may see none.
func (ev *evaluation) visibleLevel(c index.CableView) (level int, seen bool) {
	c.Portions(func(cl index.Class, _ bool) {
		if !ev.visible(cl) {
			return
		}
		k := ev.keys[cl]
		l := k.Level
		if k.Declassified && !k.Held {
			l = 0
		}
		if !seen || l > level {
			level, seen = l, true
		}
	})
	return level, seen
}

// filters are a search's filters as the engine checks them.
type filters struct {
	sets     []string // values every hit must have: tags, caption, addressee, quality
	banner   bool     // the caller must see the banner (tags, captions)
	quality  string   // a kind of finding the caller must know of
	lifted   bool     // a caption that declassification lifts
	origin   string
	from, at int64
	hasFrom  bool
	hasTo    bool
	level    int
	byLevel  bool
	none     bool // the filters keep nothing
}

func (ev *evaluation) filtersOf(q cable.SearchQuery) filters {
	var f filters
	for _, t := range q.Tags {
		f.sets = append(f.sets, Value(ValTag, strings.ToUpper(strings.TrimSpace(t))))
		f.banner = true
	}
	if q.Caption != "" {
		f.sets = append(f.sets, Value(ValCaption, strings.ToUpper(strings.TrimSpace(q.Caption))))
		f.banner, f.lifted = true, access.LiftedByDeclassification(q.Caption)
	}
	if q.Origin != "" {
		f.origin = access.NormalizePLAD(q.Origin)
	}
	if q.Addressee != "" {
		f.sets = append(f.sets, Value(ValTo, access.NormalizePLAD(q.Addressee)))
	}
	if q.Quality != "" {
		f.sets = append(f.sets, Value(ValQuality, q.Quality))
		f.quality = q.Quality
	}
	if !q.From.IsZero() {
		f.from, f.hasFrom = q.From.Unix(), true
	}
	if !q.To.IsZero() {
		f.at, f.hasTo = q.To.Unix(), true
	}
	if q.Classified != "" {
		l, err := marking.ParseLevel(q.Classified)
		f.level, f.byLevel, f.none = int(l), true, err != nil
	}
	return f
}

// perCable reports whether a filter is checked cable by cable.
func (f *filters) perCable() bool {
	return f.banner || f.hasFrom || f.hasTo || f.byLevel || f.quality != ""
}

// keeps reports whether cable c passes the filters checked cable by
// cable but the level. Tags and captions are unmarked text: they filter
// only where the caller may see the banner (the stores' filters).
func (f *filters) keeps(ev *evaluation, c index.CableView) bool {
	if (f.hasFrom && (!c.HasDTG || c.DTG < f.from)) || (f.hasTo && (!c.HasDTG || c.DTG >= f.at)) {
		return false
	}
	if f.banner && !ev.visible(c.Banner) {
		return false
	}
	if f.quality != "" && !ev.qualityKnown(f.quality, c) {
		return false
	}
	return !f.lifted || !ev.declassified(c.Banner)
}

// qualityKnown reports whether the caller, who knows cable c, may know
// of its findings of kind (quality.Visible; the stores' qualityVisible).
func (ev *evaluation) qualityKnown(kind string, c index.CableView) bool {
	switch kind {
	case quality.UnreadableMark, quality.UnmarkedParagraph:
		return !ev.foreign // a release copy shows no withheld place
	case quality.UnreadableDecl, quality.MissingDecl:
		return ev.visible(c.Banner)
	case quality.BannerBelowRollUp:
		all := true
		c.Portions(func(cl index.Class, _ bool) { all = all && ev.visible(cl) })
		return all && ev.visible(c.Banner)
	case quality.DamagedID:
		return true
	}
	return false
}
