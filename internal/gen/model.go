package gen

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/marking"
)

// model is the tables made ready to draw from. It is built once per
// Generator and only read afterwards, so cables can be written
// concurrently.
type model struct {
	words, capWords []string // vocabulary, and each word with a capital
	word            *sampler // any word, by corpus frequency
	subjectWord     *sampler // words past the 40 commonest, for subjects
	stations        *sampler
	gaps            []int
	state           int // index of STATE in stationTable
	classes         *sampler
	class           []classModel
	toState, toPost *sampler
	info            *sampler
	nToState        *sampler
	nToPost         *sampler
	nInfoState      *sampler
	nInfoPost       *sampler
	prosign         *sampler
	toPrec          map[string]*sampler
	channel         *sampler
	tagCount        *sampler
	subjectTag      *sampler
	geoTag          *sampler
	paraCount       *sampler
	paraWords       *sampler
	subjectWords    *sampler
	refCount        *sampler
	refKind         *sampler
	declYears       *sampler
	titles          *sampler
	avgWord         float64 // mean bytes a drawn word takes, space included
}

// classModel is one archive classification: its banner and the portion
// marks its paragraphs carry.
type classModel struct {
	name   string
	banner marking.Marking
	marks  []markModel
	mark   *sampler
	// typical is the commonest mark at the banner's own level and
	// NOFORN: a cable gets one so that its banner is its roll-up.
	typical string
}

type markModel struct {
	text      string // as written, "" for an unmarked paragraph
	m         marking.Marking
	dominated bool // the banner dominates it
	top       bool // it reaches the banner's level and NOFORN
}

func newModel(perDay int) *model {
	m := &model{
		words:        strings.Fields(vocabWords),
		stations:     stationSampler(),
		gaps:         meanGaps(perDay),
		classes:      strSampler(classTable),
		toState:      addrSampler(toFromState),
		toPost:       addrSampler(toFromPost),
		info:         addrSampler(infoTable),
		nToState:     intSampler(nToState),
		nToPost:      intSampler(nToPost),
		nInfoState:   intSampler(nInfoState),
		nInfoPost:    intSampler(nInfoPost),
		prosign:      strSampler(prosignTable),
		toPrec:       map[string]*sampler{},
		channel:      strSampler(channelTable),
		tagCount:     intSampler(tagCounts),
		subjectTag:   strSampler(subjectTags),
		geoTag:       strSampler(geoTags),
		paraCount:    intSampler(paraCounts),
		paraWords:    intSampler(paraWords),
		subjectWords: intSampler(subjectWords),
		refCount:     intSampler(refCounts),
		refKind:      strSampler(refKinds),
		declYears:    intSampler(declYears),
		titles:       strSampler(titleTable),
	}
	if len(m.words) != len(vocabCounts) {
		panic(fmt.Sprintf("gen: %d vocabulary words but %d counts", len(m.words), len(vocabCounts)))
	}
	w := make([]float64, len(vocabCounts))
	for i, c := range vocabCounts {
		w[i] = float64(c)
	}
	m.word = newSampler(w)
	total, chars := 0.0, 0.0
	for i, c := range w {
		total += c
		chars += c * float64(len(m.words[i])+1)
	}
	m.avgWord = chars/total + 0.1 // commas, full stops, numbers
	w = append([]float64(nil), w...)
	for i := range w {
		// Subjects skip the commonest words and those that would end
		// the subject line (REF, REFTEL).
		if i < 40 || strings.HasPrefix(strings.ToUpper(m.words[i]), "REF") {
			w[i] = 0
		}
	}
	m.subjectWord = newSampler(w)
	m.capWords = make([]string, len(m.words))
	for i, s := range m.words {
		m.capWords[i] = strings.ToUpper(s[:1]) + s[1:]
	}
	for pro, es := range toPrecedence {
		m.toPrec[pro] = strSampler(es)
	}
	for i, s := range stationTable {
		if s.Name == "STATE" {
			m.state = i
		}
	}
	for _, e := range classTable {
		m.class = append(m.class, newClassModel(e.S))
	}
	return m
}

func stationSampler() *sampler {
	w := make([]float64, len(stationTable))
	for i, s := range stationTable {
		w[i] = float64(s.W)
	}
	return newSampler(w)
}

func newClassModel(name string) classModel {
	b, err := marking.ParseBanner(name)
	if err != nil {
		panic(fmt.Sprintf("gen: classification %q: %v", name, err))
	}
	// A FOUO cable's text carries SENSITIVE, which adds SBU to the banner
	// that readers compute (access.Banner).
	b.SBU = b.SBU || b.FOUO
	c := classModel{name: name, banner: b}
	var w []float64
	for _, e := range markTable[name] {
		mm := markModel{text: e.S, dominated: true}
		if e.S != "" {
			pm, err := marking.ParseMark(e.S)
			if err != nil {
				continue // mktables keeps readable marks only
			}
			mm.m, mm.dominated = pm, b.Dominates(pm)
			mm.top = pm.Level == b.Level && pm.NoForn == b.NoForn
		}
		if mm.top && c.typical == "" {
			c.typical = e.S
		}
		c.marks = append(c.marks, mm)
		w = append(w, float64(e.W))
	}
	c.mark = newSampler(w)
	return c
}
