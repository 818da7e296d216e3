package engine

import (
	"strconv"
	"strings"

	"github.com/cable/cable/internal/index"
)

// Fact is what the engine keeps of a cable's row (index.Cable): the key
// of its banner's class, its date, and the values its filters and facets
// read.
type Fact struct {
	Cable  uint64 // the store's key of the cable (its row)
	Banner Dated
	DTG    int64 // Unix seconds
	HasDTG bool
	Values []string
}

// The names of the engine's cable values (index.Cable.Values).
const (
	ValOpen    = "open"    // SIPDIS and no restrictive caption
	ValParty   = "party"   // a PLAD of any role: membership admits
	ValTo      = "to"      // an addressee, TO or INFO
	ValTag     = "tag"     // a TAGS entry
	ValCaption = "caption" // a caption
	ValOrigin  = "origin"  // the FM PLAD
	ValOName   = "oname"   // the archive's origin name, upper case
	ValYear    = "year"
	ValQuality = "quality" // a kind of data-quality finding (package quality)
)

// Value is the engine's "name=value" string.
func Value(name, v string) string { return name + "=" + v }

// Row is a cable's row as both stores read it for its Fact.
type Row struct {
	Open                    bool
	Origin                  string
	OriginName              string // upper case, as the filter compares it
	Year                    int
	Tags, Captions, Quality []string
	// Parties are "role PLAD" (role to, info, from…).
	Parties []string
}

// Values returns the values of a cable's row.
func (r Row) Values() []string {
	var out []string
	if r.Open {
		out = append(out, ValOpen)
	}
	if r.Origin != "" {
		out = append(out, Value(ValOrigin, r.Origin))
	}
	if r.OriginName != "" {
		out = append(out, Value(ValOName, r.OriginName))
	}
	if r.Year != 0 {
		out = append(out, Value(ValYear, strconv.Itoa(r.Year)))
	}
	for _, t := range r.Tags {
		out = append(out, Value(ValTag, t))
	}
	for _, c := range r.Captions {
		out = append(out, Value(ValCaption, c))
	}
	for _, kind := range r.Quality {
		out = append(out, Value(ValQuality, kind))
	}
	for _, p := range r.Parties {
		role, plad, _ := strings.Cut(p, " ")
		out = append(out, Value(ValParty, plad))
		if role == "to" || role == "info" {
			out = append(out, Value(ValTo, plad))
		}
	}
	return out
}

// Text is a portion's text: ID is the store's key of the portion, Cable
// its cable's.
type Text struct {
	ID, Cable uint64
	Text      string
}

// Add adds texts, portions of the cables whose facts are given, to idx,
// each under the class of its key; a text with no key is left out (its
// cable is gone). Mu is held.
func (e *Engine) Add(idx *index.Index, texts []Text, keys map[uint64]Dated, facts []Fact) {
	docs := make([]index.Doc, 0, len(texts))
	e.dayMu.Lock()
	for _, t := range texts {
		if k, ok := keys[t.ID]; ok {
			docs = append(docs, index.Doc{ID: t.ID, Class: e.classOfDated(k), Text: t.Text, Cable: t.Cable, Unmarked: k.Unmarked})
		}
	}
	cables := e.cablesOf(facts)
	e.dayMu.Unlock()
	idx.SetCables(cables...)
	idx.Add(docs...)
}

// Reclass moves the portions of keys to the classes their keys now give
// them, and sets the facts of their cables: a reviewer's decision changes
// who may read a cable's portions (its declassification date, a portion
// held). Mu is held.
func (e *Engine) Reclass(keys map[uint64]Dated, facts []Fact) {
	byClass := map[index.Class][]uint64{}
	e.dayMu.Lock()
	for id, k := range keys {
		c := e.classOfDated(k)
		byClass[c] = append(byClass[c], id)
	}
	cables := e.cablesOf(facts)
	e.dayMu.Unlock()
	idx := e.idx.Load()
	for c, ids := range byClass {
		idx.Reclass(c, ids...)
	}
	idx.SetCables(cables...)
}

// cablesOf returns the facts as the index takes them, the banner's key
// as a class of the engine's day. Mu and dayMu are held.
func (e *Engine) cablesOf(facts []Fact) []index.Cable {
	out := make([]index.Cable, len(facts))
	for i, f := range facts {
		out[i] = index.Cable{Key: f.Cable, Banner: e.classOfDated(f.Banner), DTG: f.DTG, HasDTG: f.HasDTG, Values: f.Values}
	}
	return out
}
