package gen

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// The ledger numbers the cables. Which post sends cable i, and when, are
// hashes of the seed and i; its serial is the post's previous serial that
// year plus a gap, so serials depend on every earlier cable. The ledger
// computes them once, in order, up to the highest index asked for, and
// keeps them: 12 bytes a cable.

// slot is what the ledger knows of one cable.
type slot struct {
	station uint16
	year    uint16
	serial  int32
	pos     int32 // index among its station's cables
}

type ledger struct {
	slots     []slot
	byStation [][]int32 // the indices of each station's cables, in order
	last      []slot    // each station's latest cable, for its year and serial
}

// Salts for the hashes that the ledger and the cable both need.
const (
	saltStation = iota + 1
	saltJitter
	saltGap
	saltFile
)

// timeOf returns the DTG of cable i, to the minute: Start plus i steps of
// a day / PerDay, plus a jitter within the step, so time grows with i.
func (g *Generator) timeOf(i int) time.Time {
	step := int64(24*time.Hour) / int64(g.perDay())
	jitter := int64(mix(g.Seed, i, saltJitter) % uint64(step))
	return g.start().Add(time.Duration(int64(i)*step + jitter)).Truncate(time.Minute)
}

// slot returns cable i's slot, extending the ledger as needed. The caller
// holds no lock; the ledger's own lock covers the extension.
func (g *Generator) slot(i int) slot {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.extend(i)
	return g.led.slots[i]
}

// extend computes the slots up to index i. The caller holds g.mu.
func (g *Generator) extend(i int) {
	m := g.model()
	l := &g.led
	if l.last == nil {
		l.last = make([]slot, len(stationTable))
		l.byStation = make([][]int32, len(stationTable))
	}
	for j := len(l.slots); j <= i; j++ {
		st := m.stations.at(mix(g.Seed, j, saltStation))
		t := g.timeOf(j)
		prev := &l.last[st]
		gap := m.gaps[st]
		// A uniform gap in [1, 2·mean-1] keeps serials increasing with the
		// post's real yearly rate on average.
		step := int32(1)
		if gap > 1 {
			step += int32(mix(g.Seed, j, saltGap) % uint64(2*gap-1))
		}
		s := slot{station: uint16(st), year: uint16(t.Year()), pos: int32(len(l.byStation[st]))}
		if prev.year == s.year {
			s.serial = prev.serial + step
		} else {
			// The post's first cable of the year here: it has numbered
			// cables since 1 January at its real rate.
			s.serial = int32(stationTable[st].Rate*float64(t.YearDay()-1)) + step
		}
		*prev = s
		l.slots = append(l.slots, s)
		l.byStation[st] = append(l.byStation[st], int32(j))
	}
}

// before returns the position, among station st's cables, of the first one
// at index i or later. The caller holds g.mu.
func (g *Generator) before(st, i int) int {
	idx := g.led.byStation[st]
	return sort.Search(len(idx), func(k int) bool { return int(idx[k]) >= i })
}

// ID returns the reference id of cable i: two-digit year, station and the
// post's serial for the year, 08LONDON1001.
func (g *Generator) ID(i int) string {
	return string(appendID(nil, g.slot(i)))
}

func appendID(b []byte, s slot) []byte {
	yy := int(s.year) % 100
	b = append(b, byte('0'+yy/10), byte('0'+yy%10))
	b = append(b, stationTable[s.station].Name...)
	return strconv.AppendInt(b, int64(s.serial), 10)
}

// meanGaps returns, for each station, the mean step between the serials
// of its generated cables: its real telegrams a day over the generated
// cables it sends a day, at least 1.
func meanGaps(perDay int) []int {
	total := 0
	for _, s := range stationTable {
		total += s.W
	}
	gaps := make([]int, len(stationTable))
	for i, s := range stationTable {
		rate := s.Rate
		if rate <= 0 {
			rate = 3 // the typical post
		}
		share := float64(perDay) * float64(s.W) / float64(total)
		gaps[i] = max(1, int(math.Round(rate/share)))
	}
	return gaps
}
