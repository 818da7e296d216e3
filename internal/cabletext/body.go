package cabletext

import (
	"strings"

	"github.com/cable/cable/internal/cable"
)

// parseBody reads the telegram text: classification line, preamble fields,
// numbered paragraphs and signature.
func (p *parser) parseBody() {
	body := p.c.Source.Body
	start := 0
	if k := findClassLine(body); k >= 0 {
		if k > 0 && !isBlank(body[:k]) {
			p.warnAt(p.bodyStart, "text", "text before the classification line (a pasted record or date line) is not part of the telegram")
		}
		cl, used := parseClassLine(body[k:])
		p.c.Text.Class = cl
		start = k + used
		if cl.Level == "" {
			p.warnAt(p.bodyStart+k, "classification", "classification line %q has no readable level", cl.Raw)
		}
	} else if trimSpace(body) != "" {
		p.warnAt(p.bodyStart, "classification", "no classification line")
	}
	end := p.parseSignature(body, start)
	cands := p.candidates(body, start, end)
	first := end
	if len(cands) > 0 {
		first = cands[0].off
	}
	free := p.scanPreamble(body, start, first)
	p.buildParagraphs(body, free, first, end, cands)
	p.findClassifiedByInText()
}

// candidates collects the paragraph candidates of body[start:end] and
// returns the chain of them that reads as the numbering.
func (p *parser) candidates(body string, start, end int) []candidate {
	var cs []candidate
	lineNo := p.lineOf(p.bodyStart + start)
	blank := true
	// start may be inside the class line's line, after a glued serial: what
	// follows it there is read like a line of its own.
	i := start
	for i < end && (body[i] == ' ' || body[i] == '\t') {
		i++
	}
	for i < end {
		line, next := nextLine(body, i)
		if c, ok := paragraphCandidate(line, i); ok {
			c.line, c.blank = lineNo, blank
			cs = append(cs, c)
		}
		blank = isBlank(line)
		i, lineNo = next, lineNo+1
	}
	return chain(cs)
}

// scanPreamble reads the fields between the classification line and the
// first paragraph, body[start:first], and returns where free text (the
// unnumbered paragraph 0) begins; first when there is none.
func (p *parser) scanPreamble(body string, start, first int) int {
	t := &p.c.Text
	cur := field{start: -1}
	seen := false // a field has been read
	var pass []string
	passAt := -1
	flush := func(end int) {
		if cur.start >= 0 {
			p.readField(body, cur.kind, cur.start, end)
			cur.start = -1
		}
	}
	i := start
	for i < first {
		line, next := nextLine(body, i)
		if next > first {
			line, next = body[i:first], first
		}
		lead := len(line) - len(trimLeft(stripPilcrow(line))) + len(line) - len(stripPilcrow(line))
		tl := trimSpace(stripPilcrow(line))
		switch kind, _ := fieldAt(tl); {
		case tl == "":
			if cur.start >= 0 && cur.kind == fieldRef && refBullet(trimLeft(nextNonBlank(body[next:first]))) {
				break
			}
			if cur.start >= 0 && cur.kind == fieldSubject && subjectEmpty(body[cur.start:i]) {
				break // "SUBJECT:" alone on its line: the subject is the next block
			}
			flush(i)
		case kind == fieldTags:
			flush(i)
			seen = true
			at := i + min(lead, len(line))
			n := TagsEnd(body[at:first])
			p.readField(body, fieldTags, at, at+n)
			if e := at + n; e > next {
				_, next = nextLine(body, max(e-1, i))
				next = min(next, first)
			}
		case kind != fieldNone:
			flush(i)
			cur, seen = field{kind: kind, start: i + min(lead, len(line))}, true
		case cur.start >= 0 && !startsWithMark(tl) && continues(cur.kind):
		default:
			flush(i)
			if caps, ok := captionLine(tl); ok {
				t.Captions = appendUnique(t.Captions, caps...)
				break
			}
			if seen && !fieldsAhead(body[i:first]) {
				return i
			}
			if passAt < 0 {
				passAt = i
			}
			pass = append(pass, tl)
		}
		i = next
	}
	flush(first)
	if !seen && passAt >= 0 {
		return passAt // no fields at all: the lines are text, not pass lines
	}
	t.PassLines = pass
	return first
}

// subjectEmpty reports whether a SUBJECT field's text so far holds only
// its keyword.
func subjectEmpty(s string) bool {
	_, n := fieldAt(s)
	return trimSpace(s[n:]) == ""
}

// fieldsAhead reports whether an E.O., TAGS or SUBJECT line follows in s:
// then a line that is not a field is a pass line ("DEPARTMENT FOR WHA")
// between fields, not the start of the text.
func fieldsAhead(s string) bool {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		switch k, _ := fieldAt(trimSpace(stripPilcrow(line))); k {
		case fieldEO, fieldTags, fieldSubject:
			return true
		}
		i = next
	}
	return false
}

// nextNonBlank returns the first non-blank line of s.
func nextNonBlank(s string) string {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if !isBlank(line) {
			return line
		}
		i = next
	}
	return ""
}

// continues reports whether a line continues a field: subjects,
// references and authorities run on until a blank line; the E.O. line is
// one line. (TAGS are measured by TagsEnd.)
func continues(kind fieldKind) bool {
	return kind != fieldEO && kind != fieldTags
}

// readField stores the field in body[start:end], splitting off fields that
// damaged cables glued onto the same text.
func (p *parser) readField(body string, kind fieldKind, start, end int) {
	for start < end {
		text := body[start:end]
		_, kl := fieldAt(text)
		k, next := inlineField(text[kl:], kind)
		if k < 0 {
			p.setField(kind, text, start)
			return
		}
		p.setField(kind, text[:kl+k], start)
		kind, start = next, start+kl+k
	}
}

func appendUnique(ss []string, add ...string) []string {
	for _, a := range add {
		if !contains(ss, a) {
			ss = append(ss, a)
		}
	}
	return ss
}

// findClassifiedByInText handles cables that put the classification
// authority in a paragraph: "¶2. (U) Classified by Acting DAS James Knight,
// Reasons 1.4 (b) and (d)."
func (p *parser) findClassifiedByInText() {
	t := &p.c.Text
	if t.ClassifiedBy.Authority != "" || len(t.ClassifiedBy.Reasons) > 0 {
		return
	}
	for k := 0; k < len(t.Paragraphs) && k < 4; k++ {
		text := t.Paragraphs[k].Text
		for i := 0; i < len(text); {
			line, next := nextLine(text, i)
			if n := classifiedByAt(trimLeft(line)); n > 0 {
				rest := text[i+len(line)-len(trimLeft(line)):]
				if e := strings.Index(rest, "\n\n"); e > 0 {
					rest = rest[:e]
				}
				if cb := parseClassifiedBy(rest[n:]); cb.Authority != "" || len(cb.Reasons) > 0 {
					t.ClassifiedBy = cb
					return
				}
			}
			i = next
		}
	}
}

// warnAt records a warning at source offset off.
func (p *parser) warnAt(off int, field, format string, args ...any) {
	line, col := lineCol(p.src, off)
	p.c.Warnings = append(p.c.Warnings, cable.Warning{Line: line, Column: col, Field: field, Message: sprintf(format, args...)})
}

// lineOf returns the 1-based line of source offset off.
func (p *parser) lineOf(off int) int {
	return 1 + strings.Count(p.src[:off], "\n")
}

// startsWithMark reports whether a line opens with a portion mark, "(U) …",
// which starts text rather than continuing a field.
func startsWithMark(t string) bool {
	if len(t) < 3 || t[0] != '(' {
		return false
	}
	k := strings.IndexByte(t, ')')
	return k > 1 && k < 40 && looksLikeMark(t[1:k])
}
