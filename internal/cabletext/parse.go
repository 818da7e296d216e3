package cabletext

import (
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Parse reads one cable in any of the three layouts: the archive layout
// (five envelope lines, then header glued to body), a bare telegram (header,
// then body), or a body alone. It never fails: what it cannot read becomes a
// warning with line, column and field. The returned cable's Source holds the
// input, so that WriteLossless gives it back byte for byte.
func Parse(src []byte) *cable.Cable {
	return ParseString(string(src))
}

// ParseString is Parse for a string; fields of the result share its memory.
func ParseString(src string) *cable.Cable {
	c := &cable.Cable{}
	src, c.Source.BOM, c.Source.CRLF = plainText(src)
	p := &parser{src: src, c: c}
	p.parse()
	return p.c
}

// utf8BOM is the UTF-8 byte-order mark some editors put first.
const utf8BOM = "\uFEFF"

// plainText returns src without a leading byte-order mark, and with LF
// line ends when every line ends CR LF, and says which it removed. A text
// that mixes line ends keeps them: only a uniform CR LF can be put back
// byte for byte (WriteLossless).
func plainText(src string) (text string, bom, crlf bool) {
	text, bom = strings.CutPrefix(src, utf8BOM)
	lf := strings.Count(text, "\n")
	if lf > 0 && strings.Count(text, "\r\n") == lf {
		text, crlf = strings.ReplaceAll(text, "\r\n", "\n"), true
	}
	return text, bom, crlf
}

// parser holds the state of one Parse.
type parser struct {
	src string
	c   *cable.Cable
	// telStart is the offset of the telegram (after the envelope);
	// bodyStart the offset of the body in src.
	telStart, bodyStart int
}

func (p *parser) parse() {
	c := p.c
	if env, rest, ok := splitEnvelope(p.src); ok {
		c.Envelope, p.telStart = env, rest
		c.Source.Layout = cable.LayoutArchive
	}
	tel := p.src[p.telStart:]
	p.bodyStart = p.telStart + splitHeader(tel)
	if c.Envelope == nil {
		c.Source.Layout = cable.LayoutTelegram
		if p.bodyStart == p.telStart {
			c.Source.Layout = cable.LayoutBody
		}
	}
	c.Source.Header = p.src[p.telStart:p.bodyStart]
	c.Source.Body = p.src[p.bodyStart:]
	parseHeader(c.Source.Header, &c.Header)
	p.setID()
	p.parseBody()
	if c.ID == "" {
		c.ID = textID(&c.Text.Class, c.Header.Time)
	}
}

// setID sets the canonical id: from the envelope, else from the
// classification line's station and serial and the DTG's year.
func (p *parser) setID() {
	c := p.c
	if c.Envelope != nil {
		c.ID = CanonicalID(c.Envelope.ReferenceID)
	}
}

// textID derives a cable's id from its classification line's station and
// serial and its DTG's year, for a telegram with no envelope:
// "S E C R E T STATE 159388" sent in 2007 is 07STATE159388.
func textID(cl *cable.ClassLine, dtg time.Time) string {
	if cl.Station == "" || cl.Serial == "" || dtg.IsZero() {
		return ""
	}
	station := strings.ReplaceAll(strings.ToUpper(cl.Station), " ", "")
	if !allUpper(station) {
		return ""
	}
	return CanonicalID(fmt.Sprintf("%02d%s%s", dtg.Year()%100, station, cl.Serial))
}
