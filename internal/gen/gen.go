package gen

import (
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Defaults of a [Generator].
const (
	// DefaultPerDay spreads 250,000 cables over about seven years, as
	// Cablegate's 251,287 are spread over 2003–2010.
	DefaultPerDay = 100
)

// DefaultStart is the DTG of cable 0 when Generator.Start is zero.
var DefaultStart = time.Date(2003, time.January, 1, 0, 0, 0, 0, time.UTC)

// Generator writes synthetic cables. Its methods may be called
// concurrently. Set the fields before the first call and leave them.
type Generator struct {
	// Seed selects the archive: the same seed gives the same cables.
	Seed int64
	// Start is when cable 0 is sent. Defaults to DefaultStart.
	Start time.Time
	// PerDay is how many cables all posts together send a day: cable i is
	// sent about i/PerDay days after Start. Defaults to DefaultPerDay.
	PerDay int

	once sync.Once
	m    *model

	mu  sync.Mutex // guards led
	led ledger
}

func (g *Generator) start() time.Time {
	if g.Start.IsZero() {
		return DefaultStart
	}
	return g.Start.UTC()
}

func (g *Generator) perDay() int {
	if g.PerDay <= 0 {
		return DefaultPerDay
	}
	return g.PerDay
}

// model returns the tables, built on first use.
func (g *Generator) model() *model {
	g.once.Do(func() { g.m = newModel(g.perDay()) })
	return g.m
}

// Cable returns cable i (from 0) in the archive layout. It is a pure
// function of the seed, Start, PerDay and i.
func (g *Generator) Cable(i int) []byte {
	return g.AppendCable(make([]byte, 0, 8<<10), i)
}

// AppendCable appends cable i to dst and returns the extended buffer, for
// callers that reuse one.
func (g *Generator) AppendCable(dst []byte, i int) []byte {
	if i < 0 {
		panic("gen: negative cable index")
	}
	m := g.model()
	w := &writer{
		m: m,
		r: rand.New(rand.NewPCG(uint64(g.Seed), uint64(i))),
		b: dst,
		t: g.timeOf(i),
	}
	g.mu.Lock()
	g.extend(i)
	w.s = g.led.slots[i]
	w.refs = g.refTargets(i, w.s, w.r)
	g.mu.Unlock()
	w.st = &stationTable[w.s.station]
	w.chief = fullName(mix(g.Seed, int(w.s.station)<<16|int(w.s.year), saltFile))
	w.cable()
	return w.b
}

// refTargets chooses the earlier cables that cable i cites: none for 40%
// of cables, else as many as the corpus's REF blocks hold, of the same
// post, of Washington or of any post, at distances that make some cite
// the year before. The caller holds g.mu.
func (g *Generator) refTargets(i int, s slot, r *rand.Rand) []slot {
	m := g.model()
	if i == 0 || r.Float64()*100 >= corpus.RefPct {
		return nil
	}
	n := refCounts[m.refCount.draw(r)].N
	var out []slot
	for range n {
		var j int
		switch u := r.Float64() * 100; {
		case u < corpus.RefSamePct:
			j = g.nth(int(s.station), int(s.pos)-1-geometric(r, 60))
		case u < corpus.RefSamePct+corpus.RefStatePct:
			j = g.nth(m.state, g.before(m.state, i)-1-geometric(r, 100))
		default:
			j = -1
		}
		if j < 0 {
			j = i - 1 - geometric(r, 3000)
		}
		j = max(j, 0)
		t := g.led.slots[j]
		if !containsSlot(out, t) && j != i {
			out = append(out, t)
		}
	}
	return out
}

// nth returns the index of station st's k-th cable, or -1.
func (g *Generator) nth(st, k int) int {
	if k < 0 {
		return -1
	}
	return int(g.led.byStation[st][k])
}

func containsSlot(ss []slot, s slot) bool {
	for _, x := range ss {
		if x.station == s.station && x.year == s.year && x.serial == s.serial {
			return true
		}
	}
	return false
}

// geometric returns a random distance with the given mean.
func geometric(r *rand.Rand, mean float64) int {
	return int(r.ExpFloat64() * mean)
}

// Vocabulary returns the words paragraphs are drawn from, the most
// frequent first, for building queries that match like real ones.
func Vocabulary() []string {
	return strings.Fields(vocabWords)
}
