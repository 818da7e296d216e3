package gen

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// writer writes one cable. Its fields are decided in order by cable().
type writer struct {
	m     *model
	r     *rand.Rand
	b     []byte
	s     slot
	st    *stationEntry
	t     time.Time // DTG
	refs  []slot
	chief string // the chief of mission that year: signs, often classifies

	class    *classModel
	prosign  string
	to, info []addrEntry
	sections int
}

// cable writes the envelope, the header and the text.
func (w *writer) cable() {
	w.class = &w.m.class[w.m.classes.draw(w.r)]
	w.prosign = prosignTable[w.m.prosign.draw(w.r)].S
	w.addressees()
	paras := w.planParagraphs()
	subject := w.subject()
	w.envelope(subject)
	w.header()
	w.body(subject, paras)
}

// envelope writes the five archive lines.
func (w *writer) envelope(subject []byte) {
	w.b = appendID(w.b, w.s)
	w.b = append(w.b, '\n')
	w.b = append(w.b, subject...)
	w.b = append(w.b, '\n')
	w.b = appendCreated(w.b, w.t)
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.class.name...)
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.st.Origin...)
	w.b = append(w.b, '\n')
}

// appendCreated writes the created date as the archive's scraper did:
// Ruby's Time#to_s of the date at midnight in Europe/Paris, whose offset
// is +0200 from the last Sunday of March to the last Sunday of October.
func appendCreated(b []byte, t time.Time) []byte {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	b = d.AppendFormat(b, "Mon Jan 02 15:04:05 ")
	if lastSunday(t.Year(), time.March).Before(d) && !lastSunday(t.Year(), time.October).Before(d) {
		b = append(b, "+0200 "...)
	} else {
		b = append(b, "+0100 "...)
	}
	return strconv.AppendInt(b, int64(t.Year()), 10)
}

func lastSunday(year int, month time.Month) time.Time {
	d := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// addressees chooses the TO and INFO addressees: Washington writes to
// posts, posts write to Washington, and both inform others.
func (w *writer) addressees() {
	m, r := w.m, w.r
	toTable, toS := toFromPost, m.toPost
	nTo, nToS, nInfo, nInfoS := nToPost, m.nToPost, nInfoPost, m.nInfoPost
	if w.s.station == uint16(m.state) {
		toTable, toS = toFromState, m.toState
		nTo, nToS, nInfo, nInfoS = nToState, m.nToState, nInfoState, m.nInfoState
	}
	seen := map[string]bool{w.st.PLAD: true}
	pick := func(table []addrEntry, s *sampler, n int) []addrEntry {
		var out []addrEntry
		for range 3 * n {
			if len(out) == n {
				break
			}
			a := table[s.draw(r)]
			if !seen[a.PLAD] {
				seen[a.PLAD] = true
				out = append(out, a)
			}
		}
		return out
	}
	w.to = pick(toTable, toS, max(1, nTo[nToS.draw(r)].N))
	w.info = pick(infoTable, m.info, nInfo[nInfoS.draw(r)].N)
}

// header writes FL1–FL8. Its last line has no newline: the text follows
// at once, as in the archive.
func (w *writer) header() {
	r := w.r
	channel := channelTable[w.m.channel.draw(r)].S
	w.b = append(w.b, "VZCZC"...)
	w.b = append(w.b, channel...)
	if channel == "XYZ" {
		w.b = appendPad(w.b, r.IntN(20), 4)
		w.b = append(w.b, '\n', w.prosign[0], w.prosign[0])
		w.b = append(w.b, " RUEHWEB\n\n"...)
	} else {
		w.b = appendPad(w.b, r.IntN(10000), 4)
		w.b = append(w.b, '\n', w.prosign[0], w.prosign[0])
		w.routes()
		w.b = append(w.b, '\n')
	}
	w.b = append(w.b, "DE "...)
	w.b = append(w.b, w.st.RI...)
	w.b = append(w.b, " #"...)
	w.b = appendPad(w.b, int(w.s.serial)%10000, 4)
	if w.sections > 1 {
		w.b = append(w.b, "/01"...)
	}
	w.b = append(w.b, ' ')
	filed := w.t.Add(time.Duration(r.IntN(15)) * time.Minute)
	if filed.Day() != w.t.Day() {
		filed = w.t
	}
	w.b = appendPad(w.b, filed.YearDay(), 3)
	w.b = appendPad(w.b, filed.Hour()*100+filed.Minute(), 4)
	w.b = append(w.b, '\n')
	switch w.class.banner.Level {
	case 0:
		w.b = append(w.b, "ZNR UUUUU ZZH\n"...)
	case 1:
		w.b = append(w.b, "ZNY CCCCC ZZH\n"...)
	default:
		w.b = append(w.b, "ZNY SSSSS ZZH\n"...)
	}
	w.b = append(w.b, w.prosign...)
	w.b = append(w.b, ' ')
	w.b = w.t.AppendFormat(w.b, "021504Z ")
	w.b = append(w.b, upperMonth[w.t.Month()-1]...)
	w.b = append(w.b, ' ')
	w.b = appendPad(w.b, w.t.Year()%100, 2)
	w.b = append(w.b, "\nFM "...)
	w.b = append(w.b, w.st.PLAD...)
	w.addressLines("\nTO ", w.to, true)
	w.addressLines("\nINFO ", w.info, false)
}

var upperMonth = [12]string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

// routes writes FL2's routing indicators: those of a few addressees.
func (w *writer) routes() {
	n := 1
	if w.r.IntN(2) == 0 {
		n += w.r.IntN(5)
	}
	if !w.hasRI() {
		w.b = append(w.b, " RUEHC"...) // relayed by Washington
		return
	}
	for _, as := range [][]addrEntry{w.info, w.to} {
		for _, a := range as {
			if n > 0 && a.RI != "" {
				w.b = append(w.b, ' ')
				w.b = append(w.b, a.RI...)
				n--
			}
		}
	}
}

func (w *writer) hasRI() bool {
	for _, as := range [][]addrEntry{w.info, w.to} {
		for _, a := range as {
			if a.RI != "" {
				return true
			}
		}
	}
	return false
}

// addressLines writes one address a line, [RI/]PLAD [precedence] [MCN],
// the first after the keyword.
func (w *writer) addressLines(keyword string, as []addrEntry, action bool) {
	for k, a := range as {
		if k == 0 {
			w.b = append(w.b, keyword...)
		} else {
			w.b = append(w.b, '\n')
		}
		if a.RI != "" {
			w.b = append(w.b, a.RI...)
			w.b = append(w.b, '/')
		}
		w.b = append(w.b, a.PLAD...)
		if !action && w.r.IntN(10) >= 3 {
			continue
		}
		prec := toPrecedence[w.prosign][w.m.toPrec[w.prosign].draw(w.r)].S
		if action && k == 0 && w.prosign == "O" && w.r.IntN(1000) == 0 {
			prec = "NIACT IMMEDIATE"
		}
		if prec != "" {
			w.b = append(w.b, ' ')
			w.b = append(w.b, prec...)
		}
		if w.r.IntN(100) < 85 {
			w.b = append(w.b, ' ')
			w.b = appendPad(w.b, w.r.IntN(10000), 4)
		}
	}
}

// appendPad appends n zero-padded to width digits.
func appendPad(b []byte, n, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}
