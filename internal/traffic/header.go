package traffic

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// Transmission is what release assigns to a cable, with the directory
// entries the header needs.
type Transmission struct {
	// From is the originating post: its PLAD goes in FM, its RI on the DE
	// line and its station in the reference id.
	From cable.Site
	// Serial is the post's yearly telegram number.
	Serial int
	// Time is the release time: the DTG and the time of file.
	Time time.Time
	// Number is the FL1 transmission number.
	Number int
	To     []Addressing
	Info   []Addressing
}

// Addressing is one addressee line: the site, its precedence and its
// message continuity number.
type Addressing struct {
	Site       cable.Site
	Precedence cable.Precedence
	MCN        int
}

// ID returns the reference id: two-digit year, station, serial.
func (t *Transmission) ID() string {
	return cable.ID{Year: t.Time.UTC().Year(), Station: t.From.Station, Serial: t.Serial}.String()
}

// DTG writes t as a date-time group, DDHHMMZ MON YY, in Zulu time.
func DTG(t time.Time) string {
	return strings.ToUpper(t.UTC().Format("021504Z Jan 06"))
}

// FilingTime writes t as FL3's time of file: Julian day, hour, minute.
func FilingTime(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%03d%02d%02d", t.YearDay(), t.Hour(), t.Minute())
}

// SecurityLine returns FL4 for a classification level word: ZNR UUUUU for
// unclassified, ZNY EEEEE for UNCLAS EFTO, ZNY CCCCC, SSSSS, TTTTT.
func SecurityLine(level string, efto bool) string {
	switch {
	case level == "UNCLASSIFIED" && efto:
		return "ZNY EEEEE ZZH"
	case level == "CONFIDENTIAL":
		return "ZNY CCCCC ZZH"
	case level == "SECRET":
		return "ZNY SSSSS ZZH"
	case level == "TOP SECRET":
		return "ZNY TTTTT ZZH"
	}
	return "ZNR UUUUU ZZH"
}

// webRoute is the FL2 routing indicator of SIPDIS traffic: the corpus's
// XYZ-channel headers all route to RUEHWEB, the SIPRNet dissemination path.
const webRoute = "RUEHWEB"

// Channel returns the FL1 channel of a cable's text: XYZ for SIPDIS
// traffic, XRO otherwise (FORMAT.md §2, FL1).
func Channel(body *cable.Cable) string {
	if slices.Contains(body.Text.Captions, "SIPDIS") {
		return "XYZ"
	}
	return "XRO"
}

// BuildHeader returns the ACP 127 header of a transmission (FORMAT.md §2):
// FL1 VZCZC with channel XYZ and RUEHWEB for SIPDIS traffic, XRO and the
// addressees' RIs otherwise; FL2 the prosign digraph of the highest
// precedence; FL3 DE, the origin's RI, the station serial (the serial
// modulo 10,000) and the time of file; FL4 the security line of the
// classification; FL5 the action precedence, the information precedence
// when it differs, and the DTG; FM, TO and INFO with RI, precedence and
// continuity number.
func BuildHeader(t Transmission, level string, efto, sipdis bool) cable.Header {
	h := cable.Header{
		Station:       t.From.RI,
		StationSerial: fmt.Sprintf("%04d", t.Serial%10000),
		FilingTime:    FilingTime(t.Time),
		Security:      SecurityLine(level, efto),
		DTG:           DTG(t.Time),
		Time:          t.Time.UTC().Truncate(time.Minute),
		From:          cable.Address{RI: t.From.RI, PLAD: t.From.PLAD},
	}
	var top cable.Precedence
	for _, a := range t.To {
		h.To = append(h.To, address(a))
		h.Precedence = max(h.Precedence, a.Precedence)
	}
	top = h.Precedence
	var info cable.Precedence
	for _, a := range t.Info {
		h.Info = append(h.Info, address(a))
		info = max(info, a.Precedence)
	}
	if h.Precedence == cable.PrecedenceNone { // INFO addressees only
		h.Precedence = info
	} else if info != cable.PrecedenceNone && info.Prosign() != h.Precedence.Prosign() {
		h.InfoPrecedence = info
	}
	top = max(top, info)
	h.Prosign = strings.Repeat(top.Prosign(), 2)
	channel := "XRO"
	if sipdis {
		channel, h.Routes = "XYZ", []string{webRoute}
	} else {
		for _, a := range slices.Concat(t.To, t.Info) {
			if ri := a.Site.RI; ri != "" && !slices.Contains(h.Routes, ri) {
				h.Routes = append(h.Routes, ri)
			}
		}
	}
	h.TransmissionID = fmt.Sprintf("VZCZC%s%04d", channel, t.Number%10000)
	return h
}

func address(a Addressing) cable.Address {
	return cable.Address{RI: a.Site.RI, PLAD: a.Site.PLAD, Precedence: a.Precedence, MCN: fmt.Sprintf("%04d", a.MCN%10000)}
}

// Render returns the canonical telegram of draft text body (the parsed
// text of a draft, from the classification line on) transmitted as t: the
// header of [BuildHeader], then the text with the station and serial on
// its classification line, written by cabletext.Format. It also returns
// the telegram as cabletext reads it back, which is what is archived, and
// checks that its id is the one t assigns.
func Render(body *cable.Cable, t Transmission) (string, *cable.Cable, error) {
	c := *body
	c.ID, c.Envelope, c.Warnings = "", nil, nil
	c.Text.Class.Station = t.From.Station
	c.Text.Class.Serial = fmt.Sprintf("%06d", t.Serial)
	c.Text.Class.Section, c.Text.Class.Sections = 0, 0
	c.Header = BuildHeader(t, c.Text.Class.Level, c.Text.Class.EFTO, Channel(&c) == "XYZ")
	out := cabletext.Format(&c)
	back := cabletext.ParseString(out)
	if want := t.ID(); back.ID != want {
		return "", nil, fmt.Errorf("render %s: the telegram reads back as %q", want, back.ID)
	}
	return out, back, nil
}
