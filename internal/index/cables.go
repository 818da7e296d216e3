package index

import "github.com/RoaringBitmap/roaring/v2/roaring64"

// The cable side of the index: what a search needs of each cable beyond
// its portions' words, so that it can be answered whole in memory, with
// exact totals and facets over every hit (issue 16). A cable is known
// to the index by its key, the store's number for it, which its
// portions' ids carry in their high bits (Doc.Cable). For each cable the
// index keeps its portions' ordinals, the class of its unmarked text as
// a whole (its banner: tags and captions take it), its date, and the
// named values its filters and facets read ("tag=PREL", "origin=…"),
// each of which is also a set of cables.

// Cable is one cable's facts.
type Cable struct {
	Key    uint64
	Banner Class
	// DTG is the cable's date-time group in Unix seconds; HasDTG is
	// false when it has none (no date filter keeps it).
	DTG    int64
	HasDTG bool
	// Values are "name=value" pairs: each makes the cable a member of
	// that set (Set) and is counted by facets (EachCable).
	Values []string
}

// cableEntry is what the index keeps of a cable.
type cableEntry struct {
	num    uint32 // the cable's number in cableTable.keys and the sets
	banner Class
	dtg    int64
	hasDTG bool
	vals   []uint32 // interned Values
	ords   []uint32 // its portions' ordinals, dead ones included
}

// cableTable holds the cables; Index.mu guards it.
type cableTable struct {
	entries map[uint64]*cableEntry
	all     *roaring64.Bitmap
	strs    []string
	strIDs  map[string]uint32
	sets    []cableSet // by interned value
	keys    []uint64   // by cable number (cableEntry.num)
}

func newCableTable() cableTable {
	return cableTable{entries: map[uint64]*cableEntry{}, all: roaring64.New(), strIDs: map[string]uint32{}}
}

// intern returns the number of s, giving it one if need be.
func (t *cableTable) intern(s string) uint32 {
	if id, ok := t.strIDs[s]; ok {
		return id
	}
	id := uint32(len(t.strs))
	t.strs = append(t.strs, s)
	t.sets = append(t.sets, cableSet{})
	t.strIDs[s] = id
	return id
}

// entry returns the entry of key, making one if need be.
func (t *cableTable) entry(key uint64) *cableEntry {
	e, ok := t.entries[key]
	if !ok {
		e = t.newEntry(key)
		t.all.Add(key)
	}
	return e
}

// newEntry makes the entry of key, which has none, without adding it to
// all.
func (t *cableTable) newEntry(key uint64) *cableEntry {
	e := &cableEntry{num: uint32(len(t.keys))}
	t.keys = append(t.keys, key)
	t.entries[key] = e
	return e
}

// SetCables records cables' facts, replacing what the index held of
// them; their portions are added with Add, before or after.
func (ix *Index) SetCables(cs ...Cable) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	t := &ix.cables
	for _, c := range cs {
		e := t.entry(c.Key)
		for _, v := range e.vals {
			t.sets[v].remove(e.num)
		}
		e.banner, e.dtg, e.hasDTG, e.vals = c.Banner, c.DTG, c.HasDTG, e.vals[:0]
		for _, s := range c.Values {
			v := t.intern(s)
			e.vals = append(e.vals, v)
			t.sets[v].add(e.num)
		}
	}
}

// Set returns the cables with value ("name=value"), a copy the caller may
// change.
func (ix *Index) Set(value string) *roaring64.Bitmap {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if id, ok := ix.cables.strIDs[value]; ok {
		return ix.cables.sets[id].keys(ix.cables.keys)
	}
	return roaring64.New()
}

// AllCables returns every cable the index has facts of, a copy.
func (ix *Index) AllCables() *roaring64.Bitmap {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.cables.all.Clone()
}

// CableView is what EachCable shows of one cable.
type CableView struct {
	Key    uint64
	Banner Class
	DTG    int64
	HasDTG bool
	ix     *Index
	e      *cableEntry
}

// Values calls fn with each of the cable's values.
func (v CableView) Values(fn func(string)) {
	for _, id := range v.e.vals {
		fn(v.ix.cables.strs[id])
	}
}

// ValueIDs returns the numbers of the cable's values (ValueNames), which
// the caller must not change: counting facets by number costs no string.
func (v CableView) ValueIDs() []uint32 { return v.e.vals }

// ValueID returns the number of value, and false when no cable has had
// it.
func (ix *Index) ValueID(value string) (uint32, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	id, ok := ix.cables.strIDs[value]
	return id, ok
}

// ValueNames returns the values numbered ids, "" for an unknown number.
func (ix *Index) ValueNames(ids []uint32) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]string, len(ids))
	for i, id := range ids {
		if int(id) < len(ix.cables.strs) {
			out[i] = ix.cables.strs[id]
		}
	}
	return out
}

// Portions calls fn with the class of each of the cable's live portions
// and whether it is unmarked text.
func (v CableView) Portions(fn func(c Class, unmarked bool)) {
	for _, o := range v.e.ords {
		if !v.ix.dead.Contains(o) {
			fn(v.ix.class[o], v.ix.unmarked.Contains(o))
		}
	}
}

// EachCable calls fn with each of keys that the index has facts of, in
// the order given, under the index's read lock: fn must not call the
// index.
func (ix *Index) EachCable(keys []uint64, fn func(CableView)) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, k := range keys {
		if e, ok := ix.cables.entries[k]; ok {
			fn(CableView{Key: k, Banner: e.banner, DTG: e.dtg, HasDTG: e.hasDTG, ix: ix, e: e})
		}
	}
}

// Known keeps, of cables, those with a live portion that is not unmarked
// text in one of the classes visible says may be seen: the cables a
// reader may know exist (the unmarked text alone, a signature or a tag,
// does not make a cable known). Its cost is that of the cables' portions,
// whatever their words.
func (ix *Index) Known(cables *roaring64.Bitmap, visible func(Class) bool) *roaring64.Bitmap {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := roaring64.New()
	it := cables.Iterator()
	for it.HasNext() {
		k := it.Next()
		e, ok := ix.cables.entries[k]
		if !ok {
			continue
		}
		for _, o := range e.ords {
			if !ix.unmarked.Contains(o) && !ix.dead.Contains(o) && visible(ix.class[o]) {
				out.Add(k)
				break
			}
		}
	}
	return out
}

// CableHits are the cables where a term matched, by the kind of text it
// matched in.
type CableHits struct {
	// Marked holds the cables where it matched a subject or paragraph;
	// Unmarked those where it matched only unmarked text.
	Marked, Unmarked *roaring64.Bitmap
	// Counts is, when asked, how many matching portions each cable has.
	Counts map[uint64]int
}

// Cables returns the cables of the portions that hold the term, checking
// a phrase's word order where it decides something: once a cable has a
// subject or paragraph that holds it, its other candidates are checked
// only when counts asks how many hold it (CableHits.Counts).
func (m *Matches) Cables(counts bool) CableHits {
	h := CableHits{Marked: roaring64.New(), Unmarked: roaring64.New()}
	if counts {
		h.Counts = map[uint64]int{}
	}
	if len(m.ids) == 0 {
		return h
	}
	ix := m.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	// Candidates come in the order of their ids, so a cable's portions
	// are next to one another: each list gets a cable once.
	var marked, unmarked []uint64
	for _, o := range m.ords {
		k := ix.cableOf(o)
		isMarked := !ix.unmarked.Contains(o)
		if !counts && isMarked && len(marked) > 0 && marked[len(marked)-1] == k {
			continue
		}
		if m.phrase != nil && !holdsPhrase(ix.seqs.raw(o), m.phrase, m.tail) {
			continue
		}
		if counts {
			h.Counts[k]++
		}
		list := &marked
		if !isMarked {
			list = &unmarked
		}
		if n := len(*list); n == 0 || (*list)[n-1] != k {
			*list = append(*list, k)
		}
	}
	h.Marked.AddMany(marked)
	h.Unmarked.AddMany(unmarked)
	h.Unmarked.AndNot(h.Marked)
	return h
}

// cableOf returns the cable of ordinal o. ix.mu is held.
func (ix *Index) cableOf(o uint32) uint64 { return ix.cableKey[o] }

// addCablePortion notes that ordinal o is a portion of cable key. ix.mu
// is held for writing.
func (ix *Index) addCablePortion(key uint64, o uint32) {
	e := ix.cables.entry(key)
	e.ords = append(e.ords, o)
}

// LiveCables returns how many cables have a live portion, and the sum of
// their keys: a store compares them with its own to find an index that
// does not hold what it holds.
func (ix *Index) LiveCables() (n int, sum uint64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for key, c := range ix.cables.entries {
		for _, o := range c.ords {
			if !ix.dead.Contains(o) {
				n, sum = n+1, sum+key
				break
			}
		}
	}
	return n, sum
}
