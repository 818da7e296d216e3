package marking

import "strings"

// ParseMark reads a portion mark: the text inside the parentheses of
// "1. (S/NF) ...", with or without the parentheses. It accepts every form
// described in the package documentation and returns a canonical
// [Marking]. A mark it cannot read gives a [*MarkError].
func ParseMark(s string) (Marking, error) { return parse(s, false) }

// ParseBanner reads a banner or classification line such as SECRET//NOFORN,
// UNCLASSIFIED//FOR OFFICIAL USE ONLY, UNCLAS EFTO or the letter-spaced
// S E C R E T of a telegram's first line. The level must be a word
// (UNCLASSIFIED, UNCLAS, CONFIDENTIAL, SECRET, TOP SECRET), in any case and
// optionally letter-spaced; the controls are those of [ParseMark], spelled
// out or abbreviated, plus EFTO, which is read and dropped. The whole of s
// must be the banner: callers strip SECTION 01 OF 02 and the like.
func ParseBanner(s string) (Marking, error) { return parse(s, true) }

// parser reads one mark. Offsets are into in, the text as given.
type parser struct {
	in     string
	pos    int // next byte to read
	end    int // end of the mark proper (before ")" and trailing space)
	banner bool
	m      Marking
	noforn span // where NOFORN was written, for conflict errors
	rel    span // where REL TO was written
	unclas span // where SBU or FOUO was written
}

// span is a token as written: its offset and text. The zero span means
// "not seen".
type span struct {
	off int
	tok string
}

func parse(s string, banner bool) (Marking, error) {
	p := &parser{in: s, banner: banner}
	p.trim()
	if err := p.level(); err != nil {
		return Marking{}, err
	}
	for p.skipSeparators(); p.pos < p.end; p.skipSeparators() {
		if err := p.control(); err != nil {
			return Marking{}, err
		}
	}
	if err := p.check(); err != nil {
		return Marking{}, err
	}
	return p.m.Canonical(), nil
}

// trim sets pos and end around the mark, skipping surrounding space and
// one pair of parentheses.
func (p *parser) trim() {
	p.pos, p.end = 0, len(p.in)
	p.pos = p.skipSpace(p.pos)
	if p.pos < p.end && p.in[p.pos] == '(' {
		p.pos = p.skipSpace(p.pos + 1)
	}
	for p.end > p.pos && isSpace(p.in[p.end-1]) {
		p.end--
	}
	if p.end > p.pos && p.in[p.end-1] == ')' {
		p.end--
	}
	for p.end > p.pos && isSpace(p.in[p.end-1]) {
		p.end--
	}
}

// levelWord is a way of writing a level, with the controls it implies.
type levelWord struct {
	word  string
	level Level
	sbu   bool
	fouo  bool
}

// portionLevels and bannerLevels are tried in order; longer words come
// before their prefixes.
func portionLevels() []levelWord {
	return append(bannerLevels(),
		levelWord{word: "FOUO", fouo: true},
		levelWord{word: "LOU", sbu: true},
		levelWord{word: "SBU", sbu: true},
		levelWord{word: "TS", level: TopSecret},
		levelWord{word: "U", level: Unclassified},
		levelWord{word: "C", level: Confidential},
		levelWord{word: "S", level: Secret},
	)
}

// LIMITED OFFICIAL USE, State's control on unclassified text before SBU
// replaced it (and still on NARA's 1970s telegrams), reads as SBU: level U,
// for official readers only (MARKINGS.md §1 and §4).
func bannerLevels() []levelWord {
	return []levelWord{
		{word: "LIMITED OFFICIAL USE", level: Unclassified, sbu: true},
		{word: "TOP SECRET", level: TopSecret},
		{word: "UNCLASSIFIED", level: Unclassified},
		{word: "CONFIDENTIAL", level: Confidential},
		{word: "UNCLAS", level: Unclassified},
		{word: "SECRET", level: Secret},
	}
}

// level reads the level at the start of the mark.
func (p *parser) level() error {
	words := portionLevels()
	if p.banner {
		words = bannerLevels()
	}
	for _, w := range words {
		if end, ok := p.match(p.pos, w.word, p.banner); ok {
			p.m.Level, p.m.SBU, p.m.FOUO = w.level, w.sbu, w.fouo
			if w.sbu || w.fouo {
				p.unclas = span{p.pos, p.in[p.pos:end]}
			}
			p.pos = end
			return nil
		}
	}
	tok := p.in[p.pos:p.tokenEnd(p.pos, isSep)]
	return p.fail(p.pos, tok, ErrUnknownLevel, levelHint(p.in[p.pos:p.end], tok, p.banner))
}

func levelHint(rest, tok string, banner bool) string {
	switch {
	case rest == "":
		return "empty mark"
	case tok == "":
		return "no level before the first separator"
	case banner:
		if _, err := ParseLevel(tok); err == nil {
			return "a banner spells out its level"
		}
	}
	return ""
}

// control reads one control at pos.
func (p *parser) control() error {
	start := p.pos
	for _, kw := range []string{"RELEASABLE TO", "RELEASABLE", "REL TO", "REL"} {
		if end, ok := p.match(start, kw, false); ok {
			return p.relTo(span{start, p.in[start:end]}, end)
		}
	}
	if end, ok := p.keyword(start); ok {
		return p.flag(span{start, p.in[start:end]}, end)
	}
	tok := strings.TrimRight(p.in[start:p.tokenEnd(start, isSlash)], " \t\r\n")
	return p.fail(start, tok, ErrUnknownControl, "")
}

// controlWords are the controls that take no argument, and FGI, whose
// countries are optional.
func controlWords(banner bool) []string {
	w := []string{"NOFORN", "NF", "N", "SENSITIVE BUT UNCLASSIFIED", "SBU",
		"FOR OFFICIAL USE ONLY", "FOUO", "FGI", "ENTIRE TEXT", "ENTIRE PARAGRAPH"}
	if banner {
		w = append(w, "EFTO")
	}
	return w
}

// keyword matches a control word or REL at off and returns its end.
func (p *parser) keyword(off int) (int, bool) {
	for _, kw := range append(controlWords(p.banner), "REL", "RELEASABLE") {
		if end, ok := p.match(off, kw, false); ok {
			return end, true
		}
	}
	return 0, false
}

// flag applies the control word written at s, which ends at end.
func (p *parser) flag(s span, end int) error {
	p.pos = end
	switch strings.ToUpper(strings.Join(strings.Fields(s.tok), " ")) {
	case "NOFORN", "NF", "N":
		p.m.NoForn, p.noforn = true, s
	case "SENSITIVE BUT UNCLASSIFIED", "SBU":
		p.m.SBU, p.unclas = true, s
	case "FOR OFFICIAL USE ONLY", "FOUO":
		p.m.FOUO, p.unclas = true, s
	case "FGI":
		p.m.FGI = true
		return p.fgi()
	}
	// ENTIRE TEXT and ENTIRE PARAGRAPH say the mark covers the whole
	// paragraph, which every mark does; EFTO (encrypt for transmission
	// only) governs transmission, not readers.
	return nil
}

// check reports controls that contradict each other.
func (p *parser) check() error {
	if p.m.NoForn && len(p.m.RelTo) > 0 {
		later := p.noforn
		if p.rel.off > later.off {
			later = p.rel
		}
		return p.fail(later.off, later.tok, ErrConflict, "NOFORN with REL TO")
	}
	if p.m.Level > Unclassified && (p.m.SBU || p.m.FOUO) {
		return p.fail(p.unclas.off, p.unclas.tok, ErrConflict,
			strings.ToUpper(p.unclas.tok)+" on classified text")
	}
	return nil
}

func (p *parser) fail(off int, tok string, err error, hint string) error {
	return &MarkError{Banner: p.banner, Input: p.in, Offset: off, Token: tok, Hint: hint, Err: err}
}
