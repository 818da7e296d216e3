// Package engine is the search engine both stores answer searches with
// (docs/search.md): the portion index of package index, the visibility
// classes its portions are kept apart by, each cable's facts, and the
// evaluation of a query over them for one reader. A store feeds it (from
// SQLite's index queue, from PostgreSQL's change log) and says, in its
// own SQL, which classes a reader may see; everything else is here, so
// that a search means the same on both stores.
//
// The engine never decides access itself: the classes a reader may see
// come from the store's access predicates, the same SQL that filters
// every list, count and snippet; the engine only keeps withheld portions
// in postings the search does not read.
package engine

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/index"
)

// Key is everything access decides a portion on, from its row and its
// cable's: two portions of one key are visible to the same readers.
type Key struct {
	Level                  int
	NoForn, Plain          bool
	Rel                    string
	Declassified           bool // by the engine's day (AsOf)
	Held                   bool // by a reviewer: stays classified
	NoDis, ExDis, Cherokee bool
	// Open: SIPDIS and no restrictive caption, so that every cleared US
	// reader's distribution admits the cable.
	Open bool
}

// Dated is a portion's class key and its cable's declassification date
// ("" for none), as a store reads them.
type Dated struct {
	Key
	Date     string
	Unmarked bool // the portion is unmarked text (index.Doc.Unmarked)
}

// Engine is an archive's engine: its index and its classes. A store
// holds Mu while it changes either (Add, Reclass, Restore, Rebuild);
// searches read without it.
type Engine struct {
	// ByDate orders hits newest first by their dates; without it, by
	// their keys (SQLite's rowids are in time order, PostgreSQL's are
	// not).
	ByDate bool
	// Mu is held while changing the index, the classes or the day.
	Mu sync.Mutex
	// idx is swapped whole by a rebuild: searches go on meanwhile.
	idx atomic.Pointer[index.Index]
	// classes numbers the class keys. A class keeps its number for the
	// engine's life, through rebuilds, so that a reader's visible
	// classes mean the same in the old index and the new.
	classes map[Key]index.Class
	// keys lists the classes by number; it only grows, and readers load
	// it without Mu.
	keys atomic.Pointer[[]Key]

	visMu sync.Mutex
	vis   map[string][]index.Class // visible classes by reader profile

	// The classes are those of one day, asOf: a portion whose cable was
	// declassified by then is in a class of declassified portions, one
	// whose date is later in the class of its marking alone. Keying classes
	// by the date itself made thousands of them (one a date), and posting
	// lists by the million. When a date passes, the classes of that day
	// are wrong, and the store rebuilds; dates lists every date the
	// archive's portions hold, sorted.
	dayMu sync.Mutex
	asOf  string
	dates []string
}

// New returns an empty engine whose classes are those of day asOf
// (YYYY-MM-DD).
func New(asOf string) *Engine {
	e := &Engine{classes: map[Key]index.Class{}, asOf: asOf}
	e.keys.Store(&[]Key{})
	e.idx.Store(index.New())
	return e
}

// Index returns the engine's index as it is now.
func (e *Engine) Index() *index.Index { return e.idx.Load() }

// Keys returns the classes' keys by class number.
func (e *Engine) Keys() []Key { return *e.keys.Load() }

// Rebuild starts a build of the engine for day asOf: it returns an empty
// index for the store to Add to, then Install. Mu is held.
func (e *Engine) Rebuild(asOf string) *index.Index {
	e.dayMu.Lock()
	e.asOf, e.dates = asOf, nil
	e.dayMu.Unlock()
	return index.New()
}

// Install makes idx the engine's index. Mu is held.
func (e *Engine) Install(idx *index.Index) { e.idx.Store(idx) }

// classOf returns the class of key, making one if need be. Mu is held.
func (e *Engine) classOf(k Key) index.Class {
	c, ok := e.classes[k]
	if !ok {
		keys := *e.keys.Load()
		c = index.Class(len(keys))
		e.classes[k] = c
		keys = append(keys, k)
		e.keys.Store(&keys)
	}
	return c
}

// classOfDated returns the class of a portion's key on the engine's day,
// noting its date. Mu and dayMu are held.
func (e *Engine) classOfDated(k Dated) index.Class {
	if k.Date != "" {
		e.noteDate(k.Date)
	}
	k.Key.Declassified = k.Date != "" && k.Date <= e.asOf
	return e.classOf(k.Key)
}

// noteDate adds date to the sorted dates. dayMu is held.
func (e *Engine) noteDate(date string) {
	i, found := slices.BinarySearch(e.dates, date)
	if !found {
		e.dates = slices.Insert(e.dates, i, date)
	}
}

// AsOf returns the day the classes are those of.
func (e *Engine) AsOf() string {
	e.dayMu.Lock()
	defer e.dayMu.Unlock()
	return e.asOf
}

// Stale reports whether the classes, those of day AsOf, are wrong on day:
// a portion's declassification date lies between the two.
func (e *Engine) Stale(day string) bool {
	e.dayMu.Lock()
	defer e.dayMu.Unlock()
	if day == e.asOf {
		return false
	}
	lo, hi := min(day, e.asOf), max(day, e.asOf)
	// Is there a date d with lo < d <= hi?
	i, found := slices.BinarySearch(e.dates, lo)
	if found {
		i++
	}
	return i < len(e.dates) && e.dates[i] <= hi
}

// State returns what a snapshot keeps besides the index: the day, the
// dates and the classes' keys. Mu is held.
func (e *Engine) State() (asOf string, dates []string, keys []Key) {
	e.dayMu.Lock()
	defer e.dayMu.Unlock()
	return e.asOf, slices.Clone(e.dates), slices.Clone(e.Keys())
}

// Restore makes a snapshot's state and index the engine's. Mu is held.
func (e *Engine) Restore(asOf string, dates []string, keys []Key, idx *index.Index) {
	e.classes = make(map[Key]index.Class, len(keys))
	for i, k := range keys {
		e.classes[k] = index.Class(i)
	}
	keys = slices.Clone(keys)
	e.keys.Store(&keys)
	e.dayMu.Lock()
	e.asOf, e.dates = asOf, dates
	e.dayMu.Unlock()
	e.idx.Store(idx)
}

// maxCachedProfiles bounds the cache of visible classes: past it, it
// starts again empty.
const maxCachedProfiles = 1024

// CachedClasses returns the visible classes remembered for a reader
// profile: a string of everything that decides them, which the store
// makes (and which includes the number of classes it judged).
func (e *Engine) CachedClasses(profile string) ([]index.Class, bool) {
	e.visMu.Lock()
	defer e.visMu.Unlock()
	cs, ok := e.vis[profile]
	return cs, ok
}

// CacheClasses remembers the visible classes of a reader profile.
func (e *Engine) CacheClasses(profile string, cs []index.Class) {
	e.visMu.Lock()
	defer e.visMu.Unlock()
	if e.vis == nil || len(e.vis) >= maxCachedProfiles {
		e.vis = map[string][]index.Class{}
	}
	e.vis[profile] = cs
}

// Profile is what decides a reader's visible classes among the first n,
// as a key of CachedClasses: their clearance, releasability and read-ins,
// whether they have posts and whether only membership admits them, and
// the day their access is decided for (declassification).
func Profile(r access.Reader, hasPosts, membersOnly bool, day string, n int) string {
	readIns := make([]int, len(r.ReadIns))
	for i, c := range r.ReadIns {
		readIns[i] = int(c)
	}
	slices.Sort(readIns)
	var foreign []string
	if r.Foreign() {
		foreign = access.RelToKeys(r)
	}
	return fmt.Sprintf("%v|%d|%v|%q|%v|%v|%v|%s|%d", r.Public, r.Clearance, r.Foreign(), foreign, readIns, hasPosts, membersOnly, day, n)
}
