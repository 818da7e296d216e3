package gen

import (
	"strconv"
	"strings"
)

// para is a paragraph planned before the text is written, so that the
// classification line can say how many sections the text fills.
type para struct {
	mark    string
	words   int
	heading bool
}

// planParagraphs draws the paragraphs' marks and lengths. Marks come from
// the corpus's marks for the cable's classification; one the banner does
// not dominate is drawn again, so that only a few cables are mismarked, as
// in the corpus; and unless none reaches the banner's level one paragraph
// gets the typical mark at that level, so that the banner is the roll-up.
func (w *writer) planParagraphs() []para {
	r, c := w.r, w.class
	n := min(paraCounts[w.m.paraCount.draw(r)].N, 60)
	ps := make([]para, n)
	top := false
	words := 0
	for k := range ps {
		mm := c.marks[c.mark.draw(r)]
		for try := 0; !mm.dominated && try < 4 && r.IntN(100) < 97; try++ {
			mm = c.marks[c.mark.draw(r)]
		}
		top = top || mm.top
		ps[k].mark = mm.text
		ps[k].words = min(max(paraWords[w.m.paraWords.draw(r)].N+r.IntN(10), 6), 1500)
		ps[k].heading = k > 0 && r.Float64()*100 < corpus.HeadingPct/3
		words += ps[k].words
	}
	if !top && c.typical != "" && r.IntN(100) < 97 {
		ps[r.IntN(min(n, 3))].mark = c.typical
	}
	est := int(float64(words)*w.m.avgWord) + 16*n + 600
	w.sections = est / corpus.SectionChars
	return ps
}

// subject returns the subject: upper-case words, sometimes led by a topic
// and a colon, as in "EGYPT: TEPID RESPONSES TO GROWING LABOR WOES".
func (w *writer) subject() []byte {
	r := w.r
	n := min(max(subjectWords[w.m.subjectWords.draw(r)].N, 2), 20)
	var b []byte
	for k := range n {
		if k > 0 {
			b = append(b, ' ')
		}
		b = appendUpper(b, w.m.words[w.m.subjectWord.draw(r)])
		if k == 0 && n > 3 && r.IntN(3) == 0 {
			b = append(b, ':')
		}
	}
	return b
}

// body writes the telegram text.
func (w *writer) body(subject []byte, ps []para) {
	w.classLine()
	w.captions()
	w.eo()
	w.tags()
	w.b = append(w.b, "SUBJECT: "...)
	w.b = append(w.b, subject...)
	w.b = append(w.b, " \n"...)
	w.references()
	w.b = append(w.b, '\n')
	if w.class.banner.Level > 0 {
		w.classifiedBy()
	}
	for k, p := range ps {
		w.paragraph(k+1, p, len(ps))
	}
	w.b = appendUpper(w.b, w.chief[strings.LastIndexByte(w.chief, ' ')+1:])
}

// classLine writes "C O N F I D E N T I A L SECTION 01 OF 03 LONDON 001001".
func (w *writer) classLine() {
	switch w.class.banner.Level {
	case 0:
		w.b = append(w.b, "UNCLAS"...)
	case 1:
		w.b = append(w.b, "C O N F I D E N T I A L"...)
	default:
		w.b = append(w.b, "S E C R E T"...)
	}
	if w.sections > 1 {
		w.b = append(w.b, " SECTION 01 OF "...)
		w.b = appendPad(w.b, w.sections, 2)
	}
	w.b = append(w.b, ' ')
	w.b = append(w.b, w.st.Line...)
	w.b = append(w.b, ' ')
	w.b = appendPad(w.b, int(w.s.serial), 6)
	w.b = append(w.b, " \n\n"...)
}

// captions writes the handling lines: SENSITIVE for FOUO cables, NOFORN,
// SIPDIS on most, a rare restrictive caption instead of SIPDIS (which may
// not carry one), and a pass line on about half.
func (w *writer) captions() {
	r, b := w.r, w.class.banner
	if b.FOUO {
		w.b = append(w.b, "SENSITIVE \n\n"...)
	}
	if b.NoForn {
		w.b = append(w.b, "NOFORN \n"...)
	}
	switch u := r.IntN(10000); {
	case u < 10:
		w.b = append(w.b, "NODIS\n\n"...)
	case u < 30:
		w.b = append(w.b, "EXDIS\n\n"...)
	case u < 40:
		w.b = append(w.b, "LIMDIS\n\n"...)
	case float64(u) < 100*(corpus.SIPDISPct+corpus.SIPDISTwicePct):
		w.b = append(w.b, "SIPDIS "...)
		if float64(u) < 100*corpus.SIPDISTwicePct {
			w.b = append(w.b, "SIPDIS "...)
		}
		w.b = append(w.b, "\n\n"...)
	}
	if r.Float64()*100 < corpus.PassLinePct {
		w.passLine()
		w.b = append(w.b, "\n\n"...)
	}
}

var (
	passHeads = []string{"STATE FOR", "DEPT FOR", "DEPARTMENT FOR", "STATE PASS TO", "DEPT PLEASE PASS TO"}
	bureaus   = []string{"WHA", "EUR", "NEA", "SCA", "EAP", "AF", "INR", "ISN", "DRL", "EEB", "PM", "CA", "OES", "INL", "IO", "S/CT", "USTR", "USAID", "DHS", "TREASURY", "COMMERCE", "NSC"}
	offices   = []string{"CEN", "AND", "BSC", "WE", "ERA", "RUS", "CM", "PPD", "IPA", "ELA", "ARP", "MAG", "PAB", "INS", "EX", "TPP", "IFD", "OMA", "RSA", "SPG"}
)

// passLine writes a line such as "STATE FOR WHA/CEN, INR AND EEB/IFD".
func (w *writer) passLine() {
	r := w.r
	w.b = append(w.b, passHeads[r.IntN(len(passHeads))]...)
	n := 1 + r.IntN(3)
	for k := range n {
		switch {
		case k == 0:
			w.b = append(w.b, ' ')
		case k == n-1:
			w.b = append(w.b, " AND "...)
		default:
			w.b = append(w.b, ", "...)
		}
		w.b = append(w.b, bureaus[r.IntN(len(bureaus))]...)
		if r.IntN(2) == 0 {
			w.b = append(w.b, '/')
			w.b = append(w.b, offices[r.IntN(len(offices))]...)
		}
	}
}

// eo writes the E.O. line: a declassification date for classified cables,
// N/A for unclassified ones.
func (w *writer) eo() {
	if w.r.IntN(20) == 0 {
		w.b = append(w.b, "EO 12958 DECL: "...)
	} else {
		w.b = append(w.b, "E.O. 12958: DECL: "...)
	}
	if w.class.banner.Level == 0 {
		w.b = append(w.b, "N/A \n"...)
		return
	}
	y := declYears[w.m.declYears.draw(w.r)].N
	if y < 1 || y > 40 {
		y = 10
	}
	d := w.t.AddDate(y, 0, w.r.IntN(60)-30)
	w.b = d.AppendFormat(w.b, "01/02/2006 \n")
}

// tags writes the TAGS line: subject tags, then the post's country.
func (w *writer) tags() {
	r, m := w.r, w.m
	n := max(tagCounts[m.tagCount.draw(r)].N, 1)
	geo := w.st.Geo
	if geo == "" || r.IntN(10) == 0 {
		geo = geoTags[m.geoTag.draw(r)].S
	}
	w.b = append(w.b, "TAGS: "...)
	sep := " "
	if r.IntN(10) == 0 {
		sep = ", "
	}
	var seen [32]int
	k := 0
	for try := 0; k < n-1 && try < 3*n; try++ {
		t := m.subjectTag.draw(r)
		if containsInt(seen[:k], t) {
			continue
		}
		seen[k] = t
		k++
		w.b = append(w.b, subjectTags[t].S...)
		w.b = append(w.b, sep...)
	}
	w.b = append(w.b, geo...)
	w.b = append(w.b, '\n')
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// references writes the REF line: the chosen earlier cables, as
// "LONDON 825" within the year and "07 LONDON 825" across years, and now
// and then an e-mail, a report or a telcon.
func (w *writer) references() {
	if len(w.refs) == 0 {
		return
	}
	r := w.r
	// An entry is a cable, or -1 for a reference that is not a cable.
	var entries [24]int
	n := 0
	for k := range w.refs {
		if r.IntN(20) == 0 && n < len(entries)-1 {
			entries[n] = -1
			n++
		}
		if n < len(entries) {
			entries[n] = k
			n++
		}
	}
	w.b = append(w.b, "REF: "...)
	label := n > 1 || r.IntN(5) == 0
	for k, e := range entries[:n] {
		if k > 0 {
			w.b = append(w.b, ' ')
		}
		if label {
			w.b = append(w.b, byte('A'+k%26), '.', ' ')
		}
		if e < 0 {
			w.otherReference()
			continue
		}
		t := w.refs[e]
		if t.year != w.s.year {
			w.b = appendPad(w.b, int(t.year)%100, 2)
			w.b = append(w.b, ' ')
		}
		w.b = append(w.b, stationTable[t.station].Line...)
		w.b = append(w.b, ' ')
		w.b = strconv.AppendInt(w.b, int64(t.serial), 10)
	}
	w.b = append(w.b, '\n')
}

// otherReference writes a reference that is not a cable.
func (w *writer) otherReference() {
	r := w.r
	d := w.t.AddDate(0, 0, -1-r.IntN(60))
	switch r.IntN(3) {
	case 0:
		w.b = append(w.b, "EMBASSY "...)
		w.b = append(w.b, w.st.Line...)
		w.b = append(w.b, " DAILY REPORT - "...)
	case 1:
		w.b = appendUpper(w.b, surname(r.Uint64()))
		w.b = append(w.b, '-')
		w.b = appendUpper(w.b, surname(r.Uint64()))
		w.b = append(w.b, " EMAIL OF "...)
	default:
		w.b = append(w.b, "TELCON "...)
	}
	w.b = append(w.b, upperMonthName[d.Month()-1]...)
	w.b = append(w.b, ' ')
	w.b = strconv.AppendInt(w.b, int64(d.Day()), 10)
}

var upperMonthName = [12]string{"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"}

// classifiedBy writes the classification authority paragraph.
func (w *writer) classifiedBy() {
	r := w.r
	title := titleTable[w.m.titles.draw(r)].S
	who := w.chief
	if t := title; t != "Ambassador" && t != "AMBASSADOR" && t != "Amb" {
		who = fullName(r.Uint64())
	}
	w.b = append(w.b, "Classified By: "...)
	w.b = append(w.b, title...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, who...)
	if r.IntN(2) == 0 {
		w.b = append(w.b, ". Reasons: 1.4(b) and (d).\n\n"...)
	} else {
		w.b = append(w.b, " for reasons 1.4 ("...)
		w.b = append(w.b, "abcdegh"[r.IntN(7)])
		w.b = append(w.b, ") and (d)\n\n"...)
	}
}
