package cabletext

import (
	"sort"
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
	var cbuf [64]candidate // most bodies have fewer candidates: no allocation
	var pbuf [64]int
	bl := p.candidates(body, start, end, cbuf[:0], pbuf[:0])
	first := end
	if len(bl.cands) > 0 {
		first = bl.cands[0].off
	}
	free := p.scanPreamble(body, start, first)
	p.buildParagraphs(body, free, first, end, bl)
	p.findClassifiedByInText()
}

// bodyLines is what candidates learns on its one walk over the lines of
// the text, body[start:end].
type bodyLines struct {
	start int
	line  int // the source line of body offset start
	// cands are the paragraph candidates, then the chain of them that
	// reads as the numbering.
	cands []candidate
	// pilcrows are the body offsets of the lines after the first that
	// open with '¶', in order (see cleanText).
	pilcrows []int
}

// Kinds of the first byte of a line past its indent, for candidates.
const (
	leadText  = iota // text: neither blank nor a candidate
	leadDigit        // a digit: a candidate, maybe
	leadC2           // the first byte of '¶' (a candidate, maybe) or of a no-break space
	leadE2           // the first byte of U+2028, white space before a candidate, maybe
	leadSpace        // white space: blank, maybe
)

// lineLead gives each byte its kind.
var lineLead = [256]uint8{
	'0': leadDigit, '1': leadDigit, '2': leadDigit, '3': leadDigit, '4': leadDigit,
	'5': leadDigit, '6': leadDigit, '7': leadDigit, '8': leadDigit, '9': leadDigit,
	0xC2: leadC2,
	' ':  leadSpace, '\t': leadSpace, '\r': leadSpace, '\f': leadSpace, '\v': leadSpace, '\n': leadSpace,
	0xE2: leadE2,
}

// lineOf returns the source line of body offset off, at or after start.
func (bl bodyLines) lineOf(body string, off int) int {
	return bl.line + strings.Count(body[bl.start:off], "\n")
}

// candidates collects the paragraph candidates of body[start:end] and
// keeps the chain of them that reads as the numbering. It appends to cs
// and pilcrows, which the caller may provide room in.
func (p *parser) candidates(body string, start, end int, cs []candidate, pilcrows []int) bodyLines {
	bl := bodyLines{start: start, line: p.lineOf(p.bodyStart + start)}
	lineNo := bl.line
	blank := true
	// start may be inside the class line's line, after a glued serial: what
	// follows it there is read like a line of its own.
	i := bl.start
	for i < end && (body[i] == ' ' || body[i] == '\t') {
		i++
	}
	for i < end {
		lineEnd, next := len(body), len(body)
		if j := strings.IndexByte(body[i:], '\n'); j >= 0 {
			lineEnd, next = i+j, i+j+1
		}
		// A candidate opens with a digit or '¶' after at most six
		// bytes of indent (paragraphCandidate); a line is blank when the
		// first byte past them is white space too (isBlank).
		k := i
		for k < lineEnd && k < i+maxNumberIndent && isIndent(body[k]) {
			k++
		}
		lead := byte(' ')
		if k < lineEnd {
			lead = body[k]
		}
		switch lineLead[lead] {
		case leadText:
			blank = false
		case leadDigit, leadC2, leadE2:
			if lead == pilcrow[0] && k == i && i+1 < lineEnd && body[i+1] == pilcrow[1] && i > 0 && body[i-1] == '\n' {
				pilcrows = append(pilcrows, i)
			}
			if c, ok := paragraphCandidate(body[i:lineEnd], i); ok {
				c.line, c.blank = lineNo, blank
				cs = append(cs, c)
			}
			blank = lead >= 0xC2 && isBlank(body[i:lineEnd]) // a wide space
		case leadSpace:
			blank = isBlank(body[i:lineEnd])
		}
		i, lineNo = next, lineNo+1
	}
	bl.cands, bl.pilcrows = chain(cs), pilcrows
	return bl
}

// scanPreamble reads the fields between the classification line and the
// first paragraph, body[start:first], and returns where free text (the
// unnumbered paragraph 0) begins; first when there is none.
//
// A keyword with nothing after it ("TAGS:" alone, "REF:" with the
// references left out, "Classified By:" at the end of the text) is
// skipped, as if its line were not there. The canonical writer has
// nothing to write for such a field, so letting it end the field before
// it, or count as a field read, would make its neighbours read
// differently once it is gone. Whether a field is empty is known only
// when it ends, so the fields are read again, skipping the empty ones'
// lines, until there are none.
func (p *parser) scanPreamble(body string, start, first int) int {
	saved := p.c.Text
	var buf [4]int
	empty := buf[:0]
	for {
		free, more := p.scanFields(body, start, first, empty)
		if len(more) == len(empty) {
			return free
		}
		empty = more
		sort.Ints(empty) // for containsInt
		p.c.Text = saved
	}
}

// scanFields reads the preamble once for scanPreamble, skipping the lines
// that start at the offsets in empty. It returns where free text begins
// and empty with the empty fields it found appended.
func (p *parser) scanFields(body string, start, first int, empty []int) (int, []int) {
	skip := empty // sorted; what this pass finds is appended after it
	t := &p.c.Text
	cur := field{start: -1}
	seen := false // a field has been read
	var pass []string
	passAt := -1
	lastField := -2 // the start of the last E.O., TAGS or SUBJECT line from here on; -2 until needed
	flush := func(end int) {
		if cur.start >= 0 {
			if isEmptyField(body[cur.start:end]) || !p.readFieldNew(body, cur.kind, cur.start, end) {
				empty = append(empty, cur.line)
			}
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
		if len(skip) > 0 && containsInt(skip, i) {
			i = next
			continue
		}
		switch kind, _ := fieldAt(tl); {
		case tl == "":
			if cur.start >= 0 && cur.kind == fieldRef && refBulletItem(trimLeft(nextNonBlank(body[next:first]))) {
				break
			}
			if cur.start >= 0 && cur.kind == fieldSubject && subjectEmpty(body[cur.start:i]) {
				break // "SUBJECT:" alone on its line: the subject is the next block
			}
			flush(i)
		case kind == fieldTags:
			flush(i)
			at := i + min(lead, len(line))
			n := TagsEnd(body[at:first])
			if isEmptyField(body[at:at+n]) || !p.readFieldNew(body, fieldTags, at, at+n) {
				empty = append(empty, i)
			} else {
				seen = true
			}
			if e := at + n; e > next {
				_, next = nextLine(body, max(e-1, i))
				next = min(next, first)
			}
		case kind != fieldNone:
			flush(i)
			cur, seen = field{kind: kind, start: i + min(lead, len(line)), line: i}, true
		case cur.start >= 0 && continues(cur.kind) && (!startsWithMark(tl) || cur.kind == fieldRef && nextRefBullet(body[cur.start:i], tl)),
			cur.start >= 0 && cur.kind == fieldEO && eoAwaitsDecl(body[cur.start:i], tl):
		default:
			flush(i)
			if g, kind := gluedField(tl); g > 0 {
				// A pass or caption line with a field glued on: the
				// head is read as its own line, the field from its
				// keyword on.
				if caps, ok := captionLine(trimSpace(tl[:g]), nil); ok {
					t.Captions = appendUnique(t.Captions, caps...)
				} else {
					if passAt < 0 {
						passAt = i
					}
					pass = append(pass, trimSpace(tl[:g]))
				}
				cur, seen = field{kind: kind, start: i + lead + g, line: i}, true
				break
			}
			var buf [8]string
			if caps, ok := captionLine(tl, buf[:0]); ok {
				t.Captions = appendUnique(t.Captions, caps...)
				break
			}
			if seen {
				// After fields, a line that is no field is a pass
				// line ("DEPARTMENT FOR WHA") while an E.O., TAGS or
				// SUBJECT line follows, and starts the text otherwise.
				// Every i here starts a line, so the last such line,
				// found once, answers for all of them.
				if lastField == -2 {
					lastField = lastFieldLine(body, i, first, skip)
				}
				if lastField < i {
					t.PassLines = pass
					return i, empty
				}
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
		return passAt, empty // no fields at all: the lines are text, not pass lines
	}
	t.PassLines = pass
	return first, empty
}

// readFieldNew reads the field in body[start:end] as readField does and
// reports whether it gave something the canonical writer writes, or is a
// repeat of a field read already. A field that reads as nothing ("TAG 0",
// whose "0" is no tag) is gone from the canonical telegram as an empty one
// is, so scanPreamble skips it too.
func (p *parser) readFieldNew(body string, kind fieldKind, start, end int) bool {
	before := written(&p.c.Text)
	p.readField(body, kind, start, end)
	return before&(1<<kind) != 0 || written(&p.c.Text) != before
}

// written returns the set of preamble fields of t that the canonical writer
// writes, a bit for each fieldKind.
func written(t *cable.Text) uint8 {
	var m uint8
	set := func(kind fieldKind, ok bool) {
		if ok {
			m |= 1 << kind
		}
	}
	set(fieldEO, t.EO != "")
	set(fieldTags, len(t.Tags) > 0)
	set(fieldSubject, t.Subject != "" || t.SubjectMark != "")
	set(fieldRef, len(t.References) > 0)
	set(fieldClassBy, t.ClassifiedBy.Authority != "" || len(t.ClassifiedBy.Reasons) > 0)
	return m
}

// isEmptyField reports whether a field's text holds nothing after its
// keyword.
func isEmptyField(text string) bool {
	line, _ := nextLine(text, 0) // the keyword's line, which it may end
	_, n := fieldAt(trimRight(line))
	return n > 0 && isBlank(text[n:])
}

// containsInt reports whether the sorted xs hold x.
func containsInt(xs []int, x int) bool {
	k := sort.SearchInts(xs, x)
	return k < len(xs) && xs[k] == x
}

// subjectEmpty reports whether a SUBJECT field's text so far holds only
// its keyword.
func subjectEmpty(s string) bool {
	_, n := fieldAt(s)
	return trimSpace(s[n:]) == ""
}

// lastFieldLine returns the offset of the last field line of body[i:first],
// or -1. The lines at the offsets in empty are not fields; a line with a
// field glued on (gluedField) is. A REF line counts only before a line
// opening with a portion mark, which starts the text, only written "REF"
// or "Ref" ("ref B points on USG concerns" is a line of text), and only
// when its block does not run on into the text (swallowsText).
func lastFieldLine(body string, i, first int, empty []int) int {
	last := -1
	text := false
	s := body[:first]
	for i < len(s) {
		line, next := nextLine(s, i)
		tl := trimSpace(stripPilcrow(line))
		k, _ := fieldAt(tl)
		kw := tl
		if k == fieldNone {
			var g int
			g, k = gluedField(tl)
			kw = tl[max(g, 0):]
		}
		text = text || startsWithMark(tl)
		switch k {
		case fieldRef:
			if text || !strings.HasPrefix(kw, "REF") && !strings.HasPrefix(kw, "Ref") || swallowsText(s[i:]) {
				break
			}
			fallthrough
		case fieldEO, fieldTags, fieldSubject:
			if !containsInt(empty, i) {
				last = i
			}
		}
		i = next
	}
	return last
}

// swallowsText reports whether the block that starts s, up to its first
// blank line, is too long to be a REF field alone or holds a portion mark,
// "… 1. (C) Embassy Tripoli and …": the text follows on without a break.
func swallowsText(s string) bool {
	end := len(s)
	if k := strings.Index(s, "\n\n"); k >= 0 {
		end = k
	}
	for i := 0; i < end; {
		line, next := nextLine(s[:end], i)
		if isBlank(line) {
			end = i
			break
		}
		i = next
	}
	block := s[:end]
	return len(block) > maxRefBlock || strings.Contains(block, " (C) ") || strings.Contains(block, " (S) ") ||
		strings.Contains(block, " (U) ") || strings.Contains(block, " (SBU) ") || lowerWords(block) > maxRefProse
}

// maxRefProse is the most lower-case words a REF block holds: the titles
// of its references. More is a sentence of text run on after them ("…
// E-MAIL 11/21/2007 Per reftel, Post requests that Libya be added …").
const maxRefProse = 20

// lowerWords counts the words of s written in lower-case letters only.
func lowerWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(w, ".,;:")
		if len(w) < 2 {
			continue
		}
		lower := true
		for i := 0; i < len(w) && lower; i++ {
			lower = isLower(w[i])
		}
		if lower {
			n++
		}
	}
	return n
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
// damaged cables glued onto the same text. A keyword with nothing after
// it is a word of the text it ends, not a field: "SUBJECT: 000000 REF(C)"
// has the subject "000000 REF", which the canonical writer writes at the
// end of its line, where an empty REF field would cut it.
func (p *parser) readField(body string, kind fieldKind, start, end int) {
	for start < end {
		text := body[start:end]
		_, kl := fieldAt(text)
		k, next := inlineField(text[kl:], kind)
		if k < 0 || isEmptyField(text[kl+k:]) {
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
				// A field keyword inside ends the authority, as it does on
				// a line of the preamble (readField): the canonical writer
				// puts the authority there.
				auth := rest[n:]
				if k, _ := inlineField(auth, fieldClassBy); k >= 0 && !isEmptyField(auth[k:]) {
					auth = auth[:k]
				}
				if cb := parseClassifiedBy(auth); cb.Authority != "" || len(cb.Reasons) > 0 {
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
