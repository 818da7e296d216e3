//go:build ignore

// Mktables reads the cable corpus once and writes the summary tables the
// generator draws from: tables.go (counts and frequency lists) and
// vocab.go (the most frequent paragraph words with their counts). It keeps
// no cable text: only counts, frequency lists and single words.
//
// Usage, from internal/gen:
//
//	go run mktables.go -corpus /work/shared/corpus
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

func main() {
	corpus := flag.String("corpus", "/work/shared/corpus", "directory of corpus cables (*.txt)")
	words := flag.Int("words", 20000, "vocabulary size")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*corpus, "*.txt"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no cables in %s", *corpus)
	}
	s := newStats()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		s.add(cabletext.Parse(b))
	}
	s.report(os.Stderr)
	if os.Getenv("ONLY_REPORT") != "" {
		return
	}
	write("tables.go", s.tables())
	write("vocab.go", s.vocab(*words))
}

func write(name string, src []byte) {
	out, err := format.Source(src)
	if err != nil {
		os.WriteFile(name+".broken", src, 0o644)
		log.Fatalf("format %s: %v", name, err)
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		log.Fatal(err)
	}
}

// counter counts strings.
type counter map[string]int

// top returns the n most frequent keys, most frequent first, ties by key.
func (c counter) top(n int) []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c[a] != c[b] {
			return c[b] - c[a]
		}
		return strings.Compare(a, b)
	})
	if n > 0 && len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// hist counts small integers.
type hist map[int]int

func (h hist) median() int {
	var keys []int
	total := 0
	for k, n := range h {
		keys = append(keys, k)
		total += n
	}
	sort.Ints(keys)
	acc := 0
	for _, k := range keys {
		acc += h[k]
		if 2*acc >= total {
			return k
		}
	}
	return 0
}

type stationStats struct {
	cables                   int
	ri, plad, origin, line   counter
	geo                      counter
	rates                    []float64
	withGeo                  int
	refSame, refState, refOt int
}

type stats struct {
	n, standard       int
	classes           counter
	stations          map[string]*stationStats
	toState, toPost   counter
	nToState, nToPost hist
	nInfoState        hist
	nInfoPost         hist
	info              counter
	prosign           counter
	toPrec            map[string]counter // FL5 prosign -> TO precedence word
	channel           counter
	captions          counter
	sipdisTwice       int
	tagCounts         hist
	subjectTags       counter
	geoTags           counter
	withStationGeo    int
	withTags          int
	marks             map[string]counter // class -> mark
	unmarked          counter            // class -> numbered paragraphs without mark
	paras             hist
	paraWords         hist // bucketed by 10 words
	withRefs          int
	refCounts         hist // cable refs per cable that has REF
	refKinds          counter
	refSame, refState int
	refOther          int
	refPrevYear       int
	declYears         hist
	sectionChars      []int
	withSections      int
	bodyChars         []int
	subjectWords      hist
	titles            counter
	withPass          int
	headings          int
	numbered          int
	pilcrow, nospace  int
	words             counter
}

func newStats() *stats {
	return &stats{
		classes: counter{}, stations: map[string]*stationStats{},
		toState: counter{}, toPost: counter{}, nToState: hist{}, nToPost: hist{},
		nInfoState: hist{}, nInfoPost: hist{}, info: counter{}, prosign: counter{},
		toPrec: map[string]counter{}, channel: counter{}, captions: counter{},
		tagCounts: hist{}, subjectTags: counter{}, geoTags: counter{},
		marks: map[string]counter{}, unmarked: counter{}, paras: hist{}, paraWords: hist{},
		refCounts: hist{}, refKinds: counter{}, declYears: hist{}, subjectWords: hist{},
		titles: counter{}, words: counter{},
	}
}

func (s *stats) add(c *cable.Cable) {
	s.n++
	if c.Envelope == nil {
		return
	}
	class := c.Envelope.Classification
	s.classes[class]++
	id, err := cable.ParseID(c.ID)
	if err != nil || c.Header.Partial || c.Header.Station == "" || c.Header.From.PLAD == "" || c.Header.Time.IsZero() {
		s.text(c, class, "")
		return
	}
	s.standard++
	st := s.station(id.Station)
	st.cables++
	st.ri[c.Header.Station]++
	st.plad[c.Header.From.PLAD]++
	st.origin[c.Envelope.Origin]++
	if c.Text.Class.Station != "" {
		st.line[c.Text.Class.Station]++
	}
	if doy := c.Header.Time.YearDay(); doy >= 20 && id.Year >= 2000 {
		st.rates = append(st.rates, float64(id.Serial)/float64(doy))
	}
	s.header(c, id)
	s.text(c, class, id.Station)
}

func (s *stats) station(name string) *stationStats {
	st := s.stations[name]
	if st == nil {
		st = &stationStats{ri: counter{}, plad: counter{}, origin: counter{}, line: counter{}, geo: counter{}}
		s.stations[name] = st
	}
	return st
}

func (s *stats) header(c *cable.Cable, id cable.ID) {
	h := &c.Header
	fromState := id.Station == "STATE"
	to, nTo, nInfo := s.toPost, s.nToPost, s.nInfoPost
	if fromState {
		to, nTo, nInfo = s.toState, s.nToState, s.nInfoState
	}
	nTo[len(h.To)]++
	nInfo[len(h.Info)]++
	pro := h.Precedence.Prosign()
	s.prosign[pro]++
	if s.toPrec[pro] == nil {
		s.toPrec[pro] = counter{}
	}
	for _, a := range h.To {
		to[a.RI+"/"+a.PLAD]++
		s.toPrec[pro][a.Precedence.String()]++
	}
	for _, a := range h.Info {
		s.info[a.RI+"/"+a.PLAD]++
	}
	if t := h.TransmissionID; len(t) >= 8 && strings.HasPrefix(t, "VZCZC") {
		s.channel[t[5:8]]++
	}
}

func (s *stats) text(c *cable.Cable, class, station string) {
	t := &c.Text
	body := c.Source.Body
	s.bodyChars = append(s.bodyChars, len([]rune(body)))
	if t.Class.Sections > 0 {
		s.withSections++
		s.sectionChars = append(s.sectionChars, len(body)/t.Class.Sections)
	}
	var caps []string
	for _, w := range t.Captions {
		switch w {
		case "SIPDIS", "NODIS", "EXDIS", "LIMDIS", "STADIS":
			caps = append(caps, w)
		}
	}
	s.captions[strings.Join(caps, " ")]++
	if strings.Contains(body[:min(len(body), 2000)], "SIPDIS SIPDIS") {
		s.sipdisTwice++
	}
	if len(t.PassLines) > 0 {
		s.withPass++
	}
	if len(t.Tags) > 0 {
		s.withTags++
		s.tagCounts[len(t.Tags)]++
	}
	var st *stationStats
	if station != "" {
		st = s.stations[station]
	}
	for _, tag := range t.Tags {
		if len(tag) == 2 && isUpper(tag) {
			s.geoTags[tag]++
			if st != nil {
				st.geo[tag]++
			}
		} else if isUpper(tag) && !strings.ContainsAny(tag, ", ") && len(tag) <= 5 {
			s.subjectTags[tag]++
		}
	}
	if w := len(strings.Fields(t.Subject)); w > 0 {
		s.subjectWords[w]++
	}
	s.paragraphs(c, class)
	s.refs(c, station)
	if !t.Decl.Date.IsZero() && !c.Header.Time.IsZero() {
		s.declYears[t.Decl.Date.Year()-c.Header.Time.Year()]++
	}
	if a := t.ClassifiedBy.Authority; a != "" {
		title := a
		for _, n := range t.ClassifiedBy.Names {
			title = strings.ReplaceAll(title, n, "")
		}
		title = strings.Trim(strings.Join(strings.Fields(title), " "), " ,.;:-")
		if title != "" && len(t.ClassifiedBy.Names) > 0 {
			s.titles[title]++
		}
	}
}

func (s *stats) paragraphs(c *cable.Cable, class string) {
	if s.marks[class] == nil {
		s.marks[class] = counter{}
	}
	n := 0
	for _, p := range c.Text.Paragraphs {
		if p.Number == 0 {
			continue
		}
		n++
		s.numbered++
		if p.Heading != "" {
			s.headings++
		}
		mark := strings.ToUpper(strings.TrimSpace(p.Mark))
		if mark == "" {
			s.unmarked[class]++
		} else if _, err := marking.ParseMark(mark); err == nil {
			s.marks[class][mark]++
		}
		ws := strings.Fields(p.Text)
		s.paraWords[len(ws)/10*10]++
		for _, w := range ws {
			s.word(w)
		}
	}
	if n > 0 {
		s.paras[n]++
	}
	for _, line := range strings.Split(c.Source.Body, "\n") {
		l := strings.TrimPrefix(line, "¶")
		if len(l) < 3 || l[0] < '1' || l[0] > '9' {
			continue
		}
		d := 1
		if l[1] >= '0' && l[1] <= '9' {
			d = 2
		}
		if len(l) > d+1 && l[d] == '.' && (l[d+1] == '(' || l[d+1] == ' ') {
			if strings.HasPrefix(line, "¶") {
				s.pilcrow++
			}
			if l[d+1] == '(' {
				s.nospace++
			}
		}
	}
}

// dotted matches abbreviations such as U.S. and U.N.
var dotted = regexp.MustCompile(`^(?:[A-Z]\.){2,}$`)

// commaS matches the apostrophe transmitted as a comma: "Iran,s".
var commaS = regexp.MustCompile(`([A-Za-z]),s\b`)

// word counts the words of w, letter runs with inner apostrophes
// ("Iran's"), with every surface form counted, so that the vocabulary
// keeps the commonest.
func (s *stats) word(w string) {
	if a := strings.Trim(w, "(),;:\""); dotted.MatchString(a) {
		s.words[a]++ // U.S., U.N.
		return
	}
	w = strings.ReplaceAll(w, "’", "'")
	if strings.Contains(w, ",s") {
		w = commaS.ReplaceAllString(w, "$1's")
	}
	for _, tok := range strings.FieldsFunc(w, func(r rune) bool { return !(r < 128 && unicode.IsLetter(r)) && r != '\'' }) {
		tok = strings.Trim(tok, "'")
		if tok == "" || strings.Trim(tok, "Xx") == "" && len(tok) > 3 { // redaction
			continue
		}
		s.words[tok]++
	}
}

func (s *stats) refs(c *cable.Cable, station string) {
	refs := c.Text.References
	if len(refs) == 0 {
		return
	}
	s.withRefs++
	n := 0
	year := c.Year()
	for _, r := range refs {
		s.refKinds[string(r.Kind)]++
		if r.Kind != cable.RefCable || r.ID == "" {
			continue
		}
		n++
		id, err := cable.ParseID(r.ID)
		if err != nil {
			continue
		}
		switch {
		case id.Station == station:
			s.refSame++
		case id.Station == "STATE":
			s.refState++
		default:
			s.refOther++
		}
		if id.Year != year {
			s.refPrevYear++
		}
	}
	s.refCounts[n]++
}

func isUpper(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return s != ""
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

func (s *stats) report(w *os.File) {
	fmt.Fprintf(w, "cables %d, standard headers %d, stations %d\n", s.n, s.standard, len(s.stations))
	fmt.Fprintf(w, "classes %v\n", s.classes)
	fmt.Fprintf(w, "prosigns %v, channels %v\n", s.prosign, s.channel)
	fmt.Fprintf(w, "captions %v, SIPDIS SIPDIS %d\n", s.captions, s.sipdisTwice)
	fmt.Fprintf(w, "paragraphs median %d, tags median %d, refs %.1f%% median %d\n",
		s.paras.median(), s.tagCounts.median(), pct(s.withRefs, s.n), s.refCounts.median())
	fmt.Fprintf(w, "ref kinds %v, same %d STATE %d other %d prev-year %d\n", s.refKinds, s.refSame, s.refState, s.refOther, s.refPrevYear)
	slices.Sort(s.bodyChars)
	slices.Sort(s.sectionChars)
	fmt.Fprintf(w, "body median %d chars; sections %d, median %d chars/section\n",
		s.bodyChars[len(s.bodyChars)/2], s.withSections, s.sectionChars[len(s.sectionChars)/2])
	fmt.Fprintf(w, "pilcrow %.1f%%, no-space %.1f%% of numbered lines; headings %.1f%% of paragraphs; pass lines %.1f%%\n",
		pct(s.pilcrow, s.numbered), pct(s.nospace, s.numbered), pct(s.headings, s.numbered), pct(s.withPass, s.n))
	for class, m := range s.marks {
		fmt.Fprintf(w, "marks %s (unmarked %d):", class, s.unmarked[class])
		for _, k := range m.top(12) {
			fmt.Fprintf(w, " %s=%d", k, m[k])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "titles: %v\n", s.titles.top(20))
}

// emitter writes Go declarations.
type emitter struct{ bytes.Buffer }

func (e *emitter) p(format string, args ...any) { fmt.Fprintf(&e.Buffer, format, args...) }

// strs writes a []strEntry of the top n keys of c with their counts.
func (e *emitter) strs(doc, name string, c counter, n, minCount int) {
	e.p("\n// %s %s\nvar %s = []strEntry{\n", name, doc, name)
	for _, k := range c.top(n) {
		if c[k] >= minCount {
			e.p("\t{%q, %d},\n", k, c[k])
		}
	}
	e.p("}\n")
}

// ints writes a []intEntry of h in increasing order.
func (e *emitter) ints(doc, name string, h hist) {
	var keys []int
	for k := range h {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	e.p("\n// %s %s\nvar %s = []intEntry{", name, doc, name)
	for i, k := range keys {
		if i%6 == 0 {
			e.p("\n\t")
		}
		e.p("{%d, %d}, ", k, h[k])
	}
	e.p("\n}\n")
}

// addrs writes a []addrEntry from a counter keyed RI/PLAD.
func (e *emitter) addrs(doc, name string, c counter, n int) {
	e.p("\n// %s %s\nvar %s = []addrEntry{\n", name, doc, name)
	for _, k := range c.top(n) {
		ri, plad, _ := strings.Cut(k, "/")
		if plad == "" || c[k] < 2 {
			continue
		}
		e.p("\t{%q, %q, %d},\n", ri, plad, c[k])
	}
	e.p("}\n")
}

func median(fs []float64) float64 {
	if len(fs) == 0 {
		return 0
	}
	slices.Sort(fs)
	return fs[len(fs)/2]
}

func (s *stats) tables() []byte {
	var e emitter
	e.p("// Code generated by mktables.go from the %d cables of the corpus; DO NOT EDIT.\n\npackage gen\n", s.n)
	e.strs("are the archive classifications (envelope line 4) with their counts.", "classTable", s.classes, 0, 1)
	e.p("\n// stationTable lists the originating posts with their cable counts.\nvar stationTable = []stationEntry{\n")
	names := counter{}
	for name, st := range s.stations {
		names[name] = st.cables
	}
	for _, name := range names.top(0) {
		st := s.stations[name]
		geo := ""
		if g := st.geo.top(1); len(g) == 1 && 3*st.geo[g[0]] >= st.cables {
			geo = g[0]
		}
		line := name
		if l := st.line.top(1); len(l) == 1 {
			line = l[0]
		}
		rate := median(st.rates)
		e.p("\t{%q, %q, %q, %q, %q, %q, %.2f, %d},\n", name, line, st.ri.top(1)[0], st.plad.top(1)[0], st.origin.top(1)[0], geo, rate, st.cables)
	}
	e.p("}\n")
	e.addrs("are the TO addressees of Washington's cables.", "toFromState", s.toState, 300)
	e.addrs("are the TO addressees of the posts' cables.", "toFromPost", s.toPost, 150)
	e.addrs("are the INFO addressees.", "infoTable", s.info, 500)
	e.ints("counts Washington's cables by number of TO addressees.", "nToState", s.nToState)
	e.ints("counts the posts' cables by number of TO addressees.", "nToPost", s.nToPost)
	e.ints("counts Washington's cables by number of INFO addressees.", "nInfoState", s.nInfoState)
	e.ints("counts the posts' cables by number of INFO addressees.", "nInfoPost", s.nInfoPost)
	e.strs("are the FL5 precedence prosigns.", "prosignTable", s.prosign, 0, 2)
	e.p("\n// toPrecedence counts TO-line precedence words by FL5 prosign.\nvar toPrecedence = map[string][]strEntry{\n")
	for _, pro := range []string{"O", "P", "R"} {
		e.p("\t%q: {", pro)
		c := s.toPrec[pro]
		for _, k := range c.top(0) {
			if k != "NIACT IMMEDIATE" && k != "FLASH" {
				e.p("{%q, %d}, ", k, c[k])
			}
		}
		e.p("},\n")
	}
	e.p("}\n")
	e.strs("are the FL1 channel trigraphs.", "channelTable", s.channel, 2, 100)
	e.ints("counts cables by number of TAGS.", "tagCounts", s.tagCounts)
	e.strs("are the subject, program and organisation TAGS.", "subjectTags", s.subjectTags, 250, 3)
	e.strs("are the geographic TAGS.", "geoTags", s.geoTags, 200, 3)
	e.p("\n// markTable counts the readable portion marks of numbered paragraphs by\n// archive classification; the empty mark counts unmarked paragraphs.\nvar markTable = map[string][]strEntry{\n")
	for _, class := range s.classes.top(0) {
		c := s.marks[class]
		e.p("\t%q: {\n\t\t{%q, %d},\n", class, "", s.unmarked[class])
		for _, k := range c.top(30) {
			if c[k] >= 3 {
				e.p("\t\t{%q, %d},\n", k, c[k])
			}
		}
		e.p("\t},\n")
	}
	e.p("}\n")
	e.ints("counts cables by number of numbered paragraphs.", "paraCounts", s.paras)
	e.ints("counts paragraphs by length in words, in buckets of 10.", "paraWords", s.paraWords)
	e.ints("counts subjects by length in words.", "subjectWords", s.subjectWords)
	e.ints("counts cables with REF by number of cable references.", "refCounts", s.refCounts)
	e.strs("are the kinds of REF entries.", "refKinds", s.refKinds, 0, 1)
	e.ints("counts the years between a cable and its declassification date.", "declYears", s.declYears)
	titles := counter{}
	for k, n := range s.titles {
		if n >= 3 && !strings.ContainsAny(k, ",()") && len(strings.Fields(k)) <= 5 {
			titles[k] = n
		}
	}
	e.strs("are the titles of classifying officers.", "titleTable", titles, 40, 3)
	refs := s.refSame + s.refState + s.refOther
	slices.Sort(s.bodyChars)
	slices.Sort(s.sectionChars)
	e.p(`
// corpus holds the corpus's single figures, in percent where named so.
var corpus = struct {
	Cables, BodyMedian, SectionChars                         int
	SIPDISPct, SIPDISTwicePct, PassLinePct, RefPct           float64
	RefSamePct, RefStatePct, RefPrevYearPct                  float64
	PilcrowPct, NoSpacePct, HeadingPct                       float64
}{
	Cables: %d, BodyMedian: %d, SectionChars: %d,
	SIPDISPct: %.2f, SIPDISTwicePct: %.2f, PassLinePct: %.2f, RefPct: %.2f,
	RefSamePct: %.2f, RefStatePct: %.2f, RefPrevYearPct: %.2f,
	PilcrowPct: %.2f, NoSpacePct: %.2f, HeadingPct: %.2f,
}
`, s.n, s.bodyChars[len(s.bodyChars)/2], s.sectionChars[len(s.sectionChars)/2],
		pct(s.captions["SIPDIS"], s.n), pct(s.sipdisTwice, s.n), pct(s.withPass, s.n), pct(s.withRefs, s.n),
		pct(s.refSame, refs), pct(s.refState, refs), pct(s.refPrevYear, refs),
		pct(s.pilcrow, s.numbered), pct(s.nospace, s.numbered), pct(s.headings, s.numbered))
	return e.Bytes()
}

// vocab writes the n most frequent paragraph words, each in its commonest
// spelling, with the count of all its spellings.
func (s *stats) vocab(n int) []byte {
	type entry struct {
		word  string
		count int
		best  int
	}
	byKey := map[string]*entry{}
	for w, c := range s.words {
		k := strings.ToLower(w)
		e := byKey[k]
		if e == nil {
			e = &entry{}
			byKey[k] = e
		}
		e.count += c
		if c > e.best || c == e.best && w < e.word {
			e.word, e.best = w, c
		}
	}
	var all []*entry
	for _, e := range byKey {
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b *entry) int {
		if a.count != b.count {
			return b.count - a.count
		}
		return strings.Compare(a.word, b.word)
	})
	all = all[:min(n, len(all))]
	var e emitter
	e.p("// Code generated by mktables.go from the paragraphs of the %d corpus cables; DO NOT EDIT.\n\npackage gen\n", s.n)
	e.p("\n// vocabWords are the %d most frequent paragraph words, most frequent\n// first, each in its commonest spelling, separated by spaces.\n", len(all))
	e.p("const vocabWords = \"\" +\n")
	for i := 0; i < len(all); i += 12 {
		var ws []string
		for _, x := range all[i:min(i+12, len(all))] {
			ws = append(ws, x.word)
		}
		sep := " +"
		if i+12 >= len(all) {
			sep = ""
		}
		e.p("\t%q%s\n", strings.Join(ws, " ")+" ", sep)
	}
	e.p("\n// vocabCounts are the words' counts in the corpus, in the same order.\nvar vocabCounts = [...]uint32{")
	for i, x := range all {
		if i%12 == 0 {
			e.p("\n\t")
		}
		e.p("%d, ", x.count)
	}
	e.p("\n}\n")
	return e.Bytes()
}
