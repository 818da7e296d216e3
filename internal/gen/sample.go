package gen

import "math/rand/v2"

// The entry types of the generated tables.
type (
	// strEntry is a string with its corpus count.
	strEntry struct {
		S string
		W int
	}
	// intEntry is a number with its corpus count.
	intEntry struct {
		N, W int
	}
	// addrEntry is an addressee, [RI/]PLAD, with its corpus count.
	addrEntry struct {
		RI, PLAD string
		W        int
	}
	// stationEntry is an originating post.
	stationEntry struct {
		Name   string  // in ids: BUENOSAIRES
		Line   string  // on the classification line and in references: BUENOS AIRES
		RI     string  // DE routing indicator: RUEHBU
		PLAD   string  // FM: AMEMBASSY BUENOS AIRES
		Origin string  // envelope line 5: Embassy Buenos Aires
		Geo    string  // the geographic TAG most of its cables carry, if any
		Rate   float64 // telegrams the post numbers a day (median serial / day of year)
		W      int     // corpus cables
	}
)

// sampler draws indices in proportion to their weights in constant time
// (Vose's alias method), so that drawing a word costs the same whatever
// the vocabulary's size.
type sampler struct {
	cols []column
}

// column is one column of the alias table: keep its own index when the
// low half of the random number is below prob, else take alias.
type column struct {
	prob, alias uint32
}

// newSampler returns a sampler over weights, which must not all be zero.
func newSampler(weights []float64) *sampler {
	n := len(weights)
	s := &sampler{cols: make([]column, n)}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	scaled := make([]float64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w * float64(n) / total
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		l, g := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		s.cols[l] = column{prob: uint32(scaled[l] * (1 << 32)), alias: uint32(g)}
		scaled[g] -= 1 - scaled[l]
		if scaled[g] < 1 {
			large = large[:len(large)-1]
			small = append(small, g)
		}
	}
	for _, i := range append(small, large...) {
		s.cols[i] = column{prob: 1<<32 - 1, alias: uint32(i)}
	}
	return s
}

// draw returns an index, from one 64-bit random number.
func (s *sampler) draw(r *rand.Rand) int {
	return s.at(r.Uint64())
}

// at returns the index that the 64-bit random number x selects: its high
// half picks a column, its low half decides between the column and its
// alias.
func (s *sampler) at(x uint64) int {
	c := s.cols[(x>>32)*uint64(len(s.cols))>>32]
	if uint32(x) < c.prob {
		return int((x >> 32) * uint64(len(s.cols)) >> 32)
	}
	return int(c.alias)
}

func strSampler(es []strEntry) *sampler {
	w := make([]float64, len(es))
	for i, e := range es {
		w[i] = float64(e.W)
	}
	return newSampler(w)
}

func intSampler(es []intEntry) *sampler {
	w := make([]float64, len(es))
	for i, e := range es {
		w[i] = float64(e.W)
	}
	return newSampler(w)
}

func addrSampler(es []addrEntry) *sampler {
	w := make([]float64, len(es))
	for i, e := range es {
		w[i] = float64(e.W)
	}
	return newSampler(w)
}

// mix hashes a seed, an index and a salt into a random 64-bit number
// (SplitMix64's finaliser), for choices that must be computed without the
// cable's own random stream.
func mix(seed int64, i int, salt uint64) uint64 {
	z := uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(i)*0xbf58476d1ce4e5b9 ^ salt*0x94d049bb133111eb
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}
