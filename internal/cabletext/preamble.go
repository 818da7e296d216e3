package cabletext

import (
	"strings"

	"github.com/cable/cable/internal/cable"
)

// fieldKind names the preamble fields between the classification line and
// the first paragraph.
type fieldKind int

const (
	fieldNone fieldKind = iota
	fieldEO
	fieldTags
	fieldSubject
	fieldRef
	fieldClassBy
)

var fieldNames = [...]string{"", "E.O.", "TAGS", "SUBJECT", "REF", "Classified By"}

// fieldAt returns the field whose keyword starts s, and the keyword's
// length (colon included).
func fieldAt(s string) (fieldKind, int) {
	if s == "" {
		return fieldNone, 0
	}
	// Dispatch on the first byte: E.O. starts with E, Classified By with
	// C, c, "(U)" or an "ENTIRE TEXT" note's class word (C, S, U, L).
	switch s[0] {
	case 'E', 'e':
		if isEOAt(s) {
			return fieldEO, 0
		}
		return fieldNone, 0
	case 'C', 'c', '(', 'S', 'U', 'L':
		if n := classifiedByAt(s); n > 0 {
			return fieldClassBy, n
		}
	}
	switch s[0] {
	case 'S', 's', 'U', 'u':
		if n := keywordLen(s, "SUBJECT", "SUBJ", "UBJECT"); n > 0 && !hasPrefixFold(trimLeft(s[n:]), "LINE") {
			return fieldSubject, n
		}
	case 'T', 't':
		if n := keywordLen(s, "TAGS", "TAGE", "TAG", "TAS", "TGS", "TABS"); n > 0 {
			return fieldTags, n
		}
	case 'A':
		// "AGS:", TAGS with its T lost, only with the colon (ParseTags
		// reads it so too).
		if n := keywordLen(s, "AGS"); n > 0 && len(s) > 3 && s[3] == ':' {
			return fieldTags, n
		}
	case 'R', 'r':
		if n := keywordLen(s, "REFTELS", "REFTEL", "REFERENCES", "REFERENCE", "REF(S)", "REFS", "REF"); n > 0 {
			return fieldRef, n
		}
		if n := refDotLen(s); n > 0 {
			return fieldRef, n
		}
	}
	return fieldNone, 0
}

// keywordLen returns the length of the first keyword (upper case given)
// that starts s as a whole word, with a following colon and spaces. Any
// white space ends the keyword, a line break included: a field's text
// folds it into a space ("SUBJECT: 0000 REF\n0" is written "SUBJECT: 0000
// REF 0"), and the keyword must read the same before and after.
func keywordLen(s string, kws ...string) int {
	for _, kw := range kws {
		if len(s) < len(kw) || toUpper(s[1]) != kw[1] || !hasPrefixFold(s, kw) {
			continue
		}
		i := len(kw)
		if i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
			continue
		}
		if i < len(s) && s[i] == ':' {
			i++
		} else if i < len(s) {
			if space, _ := spaceAt(s, i); !space {
				continue
			}
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ':') {
			i++
		}
		return i
	}
	return 0
}

// eoAwaitsDecl reports whether line t, "DECL: 08/11/2015", goes on the
// E.O. line eo, which stops after the order's number: "E.O. 12958:".
func eoAwaitsDecl(eo, t string) bool {
	eo = trimSpace(eo)
	if strings.Contains(eo, "\n") || indexFold(eo, "DECL") >= 0 || indexFold(eo, "N/A") >= 0 {
		return false
	}
	return hasPrefixFold(t, "DECL") && isDigit(eo[len(eo)-1]) || strings.HasSuffix(eo, ":") && hasPrefixFold(t, "DECL")
}

// refDotLen returns the length of "REF." or "REF.:" and the spaces after
// it, which old cables write for REF: ("REF. STATE 184178"), or 0. "REF..."
// is no keyword.
func refDotLen(s string) int {
	if !strings.HasPrefix(s, "REF.") {
		return 0
	}
	i := 4
	if i < len(s) && s[i] == ':' {
		i++
	}
	if i >= len(s) || s[i] != ' ' && s[i] != '\t' {
		return 0
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// isEOAt recognises the executive order line: "E.O. 12958:", "EO 12958",
// "E. O. 12958", "E.o.", "E.0.".
func isEOAt(s string) bool {
	if len(s) < 4 || (s[0] != 'E' && s[0] != 'e') {
		return false
	}
	i := 1
	for i < len(s) && (s[i] == '.' || s[i] == ' ') {
		i++
	}
	if i >= len(s) || (s[i] != 'O' && s[i] != 'o' && s[i] != '0') {
		return false
	}
	i++
	for i < len(s) && (s[i] == '.' || s[i] == ' ' || s[i] == ':') {
		i++
	}
	return i+2 <= len(s) && s[i] == '1' && isDigit(s[i+1])
}

// isDeclAt reports whether the E.O. mention at the start of s is an E.O.
// line: the order's number followed by a colon or a DECL.
func isDeclAt(s string) bool {
	head := s[:min(len(s), 28)]
	if indexFold(head, "DECL") >= 0 || indexFold(head, "N/A") >= 0 {
		return true
	}
	i := strings.IndexAny(head, "0123456789")
	for i >= 0 && i < len(head) && isDigit(head[i]) {
		i++
	}
	return i > 0 && i < len(head) && head[i] == ':'
}

// gluedField finds the E.O. line that a damaged cable glued onto the end
// of a pass or caption line, "DEPT FOR NEA/MAG E.O. 12958: DECL:
// 3/13/2018", or with the line breaks lost, "SIPDISE.O. 12958: DECL:
// 02/14/2016", and a REF glued onto a subject's last line, "MEETING REF:
// STATE 007493". It returns the keyword's offset in t, above 0, and its
// kind, or -1. Glued to a letter or digit, only the dotted "E.O." counts:
// "SIPDISEO 12958" is too like a word. A line that holds a class line
// before the E.O. is the header repeated in the text, not a pass line.
func gluedField(t string) (int, fieldKind) {
	for i := 1; i+4 < len(t); i++ {
		if t[i] != 'E' {
			continue
		}
		if prev := t[i-1]; (isLetter(prev) || isDigit(prev)) && !strings.HasPrefix(t[i:], "E.O.") {
			continue
		}
		if isEOAt(t[i:]) && isDeclAt(t[i:]) {
			if classLineStart(t[:i]) >= 0 {
				break // the header repeated in the text, class line and all
			}
			return i, fieldEO
		}
	}
	if i := strings.Index(t, " REF: "); i > 0 && classLineStart(t[:i]) < 0 && !swallowsText(t[i:]) {
		return i + 1, fieldRef // "MEETING REF: STATE 007493"
	}
	return -1, fieldNone
}

// captionWords are the words a caption line is made of. Only the
// dissemination captions themselves are recorded.
// The value is the caption a word records, "" for none.
var captionWords = map[string]string{
	"SIPDIS": "SIPDIS", "NOFORN": "NOFORN", "NODIS": "NODIS", "EXDIS": "EXDIS", "LIMDIS": "LIMDIS",
	"STADIS": "STADIS", "SENSITIVE": "SENSITIVE", "CHEROKEE": "CHEROKEE", "ROGER": "ROGER", "FOUO": "FOUO",
	"BUT": "", "UNCLASSIFIED": "", "NOT": "", "FOR": "", "INTERNET": "",
	"DISTRIBUTION": "", "OFFICIAL": "", "USE": "", "ONLY": "",
}

// captionLine returns the captions on a line made of caption words only
// ("SIPDIS SIPDIS", "NOFORN, NOT FOR INTERNET DISTRIBUTION",
// "SENSITIVE BUT UNCLASSIFIED"), appended to caps, or ok=false.
func captionLine(t string, caps []string) (_ []string, ok bool) {
	if len(t) > 80 {
		return nil, false
	}
	var buf [16]byte
	for i := 0; i < len(t); {
		for i < len(t) && isCaptionSep(t[i]) {
			i++
		}
		j := i
		for j < len(t) && !isCaptionSep(t[j]) {
			j++
		}
		if j == i {
			break
		}
		if j-i > len(buf) {
			return nil, false
		}
		up := buf[:j-i]
		for k := range up {
			up[k] = toUpper(t[i+k])
		}
		name, known := captionWords[string(up)]
		if !known {
			return nil, false
		}
		if name != "" {
			caps = append(caps, name)
		}
		i = j
	}
	return caps, len(caps) > 0
}

func isCaptionSep(c byte) bool {
	return c == ' ' || c == ',' || c == '.' || c == ';' || c == '\t'
}

// inlineField finds a field keyword inside text (not at its start) where
// damaged cables glued two fields on one line: "SUBJECT: … REF: A. …",
// "REF: STATE 6461 … Classified by …". It returns the offset and kind, or
// -1.
func inlineField(s string, kind fieldKind) (int, fieldKind) {
	for i := 1; i < len(s); i++ {
		if !inlineFieldByte[s[i]] || i+1 < len(s) && !inlineFieldPair(s[i], s[i+1]) {
			continue
		}
		prev := s[i-1]
		if (isLetter(prev) || isDigit(prev)) && !gluedKeyword(s[i:], prev, kind) {
			continue // inside a word
		}
		k, _ := fieldAt(s[i:])
		switch {
		case k == fieldNone || k == kind:
		case kind == fieldTags && prev == '(':
			// A tag that reads as a keyword, which the canonical
			// writer puts in parentheses (tagsText): "(CLASSIFIEDBY)".
		case k == fieldSubject && kind != fieldTags && kind != fieldEO:
			// "subject:" in free text is a word, not a field.
		case k == fieldTags && !strings.HasPrefix(s[i:], "TAGS") && !strings.HasPrefix(s[i:], "AGS:"):
		case k == fieldRef && !(strings.HasPrefix(s[i:], "REF") || strings.HasPrefix(s[i:], "Ref")):
		case k == fieldEO && !isDeclAt(s[i:]):
			// "UNDER E.O. 13382", "Reason E.O. 12958, 1.4 (b)": a mention,
			// not the E.O./DECL line.
		default:
			return i, k
		}
	}
	return -1, fieldNone
}

// gluedKeyword reports whether the keyword at the start of s, after the
// letter or digit prev, is a field that lost the line break before it: the
// DECL date glued to TAGS, "DECL: 08/16/2015TAGS: EMIN", or a subject glued
// to REF, "VISIT TO EGYPTREF: CAIRO 493".
func gluedKeyword(s string, prev byte, kind fieldKind) bool {
	switch {
	case kind == fieldEO && isDigit(prev):
		return strings.HasPrefix(s, "TAGS:")
	case kind == fieldSubject && isUpper(prev):
		return strings.HasPrefix(s, "REF:")
	}
	return false
}

// inlineFieldByte holds the first letters of the keywords inlineField
// finds.
var inlineFieldByte = [256]bool{'R': true, 'C': true, 'c': true, 'E': true, 'T': true, 'S': true, 'A': true}

// inlineFieldPair reports whether a keyword fieldAt knows can start with
// the bytes c, next: E.O. (isEOAt), Classified By (classifiedByAt, also
// after "CONFIDENTIAL - ENTIRE TEXT" or "SECRET - ENTIRE TEXT"), SUBJECT,
// TAGS and its slips, REF and its forms.
func inlineFieldPair(c, next byte) bool {
	next = toUpper(next)
	switch c {
	case 'E':
		return next == '.' || next == ' ' || next == 'O' || next == '0'
	case 'C':
		return next == 'L' || next == 'O'
	case 'c':
		return next == 'L'
	case 'S':
		return next == 'U' || next == 'E'
	case 'T':
		return next == 'A' || next == 'G'
	case 'A':
		return next == 'G'
	case 'R':
		return next == 'E'
	}
	return true
}

// refBullet reports whether a line starts a REF entry ("B. STATE 123",
// "(B) …", "B) …"), so that a REF block goes on after a blank line.
func refBullet(t string) bool {
	t = stripPilcrow(t)
	if len(t) >= 3 && t[0] == '(' && isUpper(t[1]) && t[2] == ')' {
		return true
	}
	if len(t) >= 4 && t[0] == '(' && isUpper(t[1]) && t[2] == ' ' && t[3] == ')' {
		return true // "(C )SAN JOSE 01693"
	}
	return len(t) >= 2 && isUpper(t[0]) && (t[1] == '.' || t[1] == ')') && (len(t) == 2 || t[2] == ' ')
}

// nextRefBullet reports whether line t, which opens like a portion mark
// ("(C) SAO PAULO 73"), is the next entry of the REF block refs: one
// whose entries so far end with the bullet before it, "(B)".
func nextRefBullet(refs, t string) bool {
	if len(t) < 4 || t[0] != '(' || !isUpper(t[1]) || t[1] == 'A' || t[2] != ')' && (t[2] != ' ' || t[3] != ')') {
		return false // not "(C)" nor "(C )"
	}
	return strings.Contains(refs, "("+string(t[1]-1)+")")
}

// refBulletItem reports whether a line starts a REF entry with something
// after its bullet: a bare "A)" after a blank line reads as no reference
// and is text, as it is after a REF that ends another field's line.
func refBulletItem(t string) bool {
	t = trimSpace(stripPilcrow(t))
	return refBullet(t) && len(t) > 3
}

// setField stores one preamble field read from text, which starts at
// offset off of the source.
func (p *parser) setField(kind fieldKind, text string, off int) {
	t := &p.c.Text
	switch kind {
	case fieldEO:
		// The E.O. line is one line (continues), also when it was
		// found glued inside another field's text.
		line, next := nextLine(text, 0)
		if second, _ := nextLine(text, next); next < len(text) && eoAwaitsDecl(line, trimSpace(second)) {
			line = trimSpace(line) + " " + trimSpace(second)
		}
		line = trimSpace(line)
		if d := parseDecl(line); t.EO == "" || t.Decl.Date.IsZero() && !t.Decl.NA && !d.Date.IsZero() {
			// A partial extract's first E.O. line may be cut ("E.O.
			// 129..."), and its header repeated whole below.
			t.EO, t.Decl = line, d
		}
	case fieldTags:
		if t.Tags == nil {
			t.Tags = ParseTags(text)
		}
	case fieldSubject:
		_, n := fieldAt(text)
		p.setSubject(text[n:])
	case fieldRef:
		if t.References == nil {
			t.References = ParseReferences(text, p.c.Year(), p.c.ID)
		} else if refs := ParseReferences(text, p.c.Year(), p.c.ID); extendsRefs(refs, t.References) {
			// The REF block repeated in full after a cut one: "REF: A.
			// NEW DELHI 878", then "REF: A. NEW DELHI 878 ¶B. …".
			t.References = refs
		}
	case fieldClassBy:
		if t.ClassifiedBy.Authority == "" && t.ClassifiedBy.Reasons == nil {
			_, n := fieldAt(text)
			t.ClassifiedBy = parseClassifiedBy(text[n:])
		}
	}
}

// extendsRefs reports whether refs holds more references than old and
// begins with them.
func extendsRefs(refs, old []cable.Reference) bool {
	if len(refs) <= len(old) {
		return false
	}
	for i := range old {
		if refs[i] != old[i] {
			return false
		}
	}
	return true
}

// field records a preamble field found while scanning.
type field struct {
	kind       fieldKind
	start, end int // offsets in the body
	line       int // the offset of the line the keyword is on
}
