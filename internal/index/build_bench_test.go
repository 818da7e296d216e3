package index

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The build benchmark feeds the index what a rebuild feeds it: cables of
// about ten portions of 60 to 150 words, drawn from a vocabulary whose
// frequencies follow Zipf's law (a few words in every portion, most in
// a handful), in batches of 1,000 cables as sqlite's engine adds them.
// The generated cables of internal/gen repeat a small vocabulary; these
// have the long tail of names and numbers that real traffic has, which
// is what makes posting lists many and short.

const (
	buildCables = 5000
	buildBatch  = 1000 // cables per Add, as the engine's rebuild
	buildVocab  = 40000
)

// zipfWords returns a vocabulary of n distinct words, rank order: short
// common words first, longer ones with English suffixes (which the
// stemmer strips) and numbers in the tail.
func zipfWords(r *rand.Rand, n int) []string {
	const letters = "etaoinshrdlcumwfgypbvkjxqz"
	suffixes := []string{"", "", "", "s", "ed", "ing", "ation", "ment", "ly", "ers", "ness", "ive"}
	seen := map[string]bool{}
	words := make([]string, 0, n)
	for len(words) < n {
		var b strings.Builder
		if len(words) > n/2 && r.IntN(4) == 0 {
			b.WriteString(strings.Repeat("1", 1+r.IntN(2)))
			for range 2 + r.IntN(5) {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		} else {
			size := 2 + min(len(words)/500, 6) + r.IntN(4)
			for i := range size {
				// A skew to the first letters, as in English.
				k := min(r.IntN(len(letters)), r.IntN(len(letters)))
				if i == 0 && r.IntN(3) == 0 {
					k = r.IntN(len(letters))
				}
				b.WriteByte(letters[k])
			}
			b.WriteString(suffixes[r.IntN(len(suffixes))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// buildDocs returns the portions of n cables, each with its cable's
// key; a cable's last portion is unmarked text (its signature), and the
// classes are skewed as an archive's are (most text in a few classes).
func buildDocs(n int) [][]Doc {
	r := rand.New(rand.NewPCG(16, 2026))
	words := zipfWords(r, buildVocab)
	zipf := rand.NewZipf(r, 1.1, 2, buildVocab-1)
	var batches [][]Doc
	var batch []Doc
	var text strings.Builder
	for c := range uint64(n) {
		portions := 7 + r.IntN(7)
		for k := range uint64(portions) {
			text.Reset()
			for w := range 60 + r.IntN(91) {
				if w > 0 {
					text.WriteString(" ")
				}
				word := words[zipf.Uint64()]
				if w%11 == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				text.WriteString(word)
				if w%13 == 12 {
					text.WriteString(".")
				}
			}
			class := Class(min(r.IntN(40), r.IntN(40), r.IntN(40)))
			batch = append(batch, Doc{ID: c<<21 | k, Class: class, Text: text.String(), Cable: c, Unmarked: k == uint64(portions-1)})
		}
		if (c+1)%buildBatch == 0 || c+1 == uint64(n) {
			batches, batch = append(batches, batch), nil
		}
	}
	return batches
}

var buildOnce = sync.OnceValue(func() [][]Doc { return buildDocs(buildCables) })

// BenchmarkBuild builds an index of 5,000 cables (about 50,000
// portions, 5.3 million words) from nothing, and reports cables a second
// and the live heap the index holds per cable once built, and once
// compacted.
func BenchmarkBuild(b *testing.B) {
	batches := buildOnce()
	b.ReportAllocs()
	var heap, compacted uint64
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		ix := New()
		for _, docs := range batches {
			ix.Add(docs...)
		}
		if i == 0 {
			b.StopTimer()
			paused := cpuTime()
			with := gcHeap()
			ix.Compact()
			compact := gcHeap()
			runtime.KeepAlive(ix)
			ix = nil
			without := gcHeap()
			heap, compacted = with-min(with, without), compact-min(compact, without)
			cpu += cpuTime() - paused
			b.StartTimer()
		}
	}
	b.ReportMetric(float64(buildCables)*float64(b.N)/b.Elapsed().Seconds(), "cables/s")
	b.ReportMetric(float64(heap)/buildCables, "heapB/cable")
	b.ReportMetric(float64(compacted)/buildCables, "compactB/cable")
	// CPU time, every core's, tells a change apart on a loaded machine.
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N)/buildCables, "cpuµs/cable")
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// gcHeap returns the live heap after a collection.
func gcHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkTokenize numbers the tokens of one batch of 1,000 cables, on
// one core: the part of Add done outside the lock.
func BenchmarkTokenize(b *testing.B) {
	docs := buildOnce()[0]
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		tokenize(docs)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N)/buildBatch, "cpuµs/cable")
}
