package cabletext

import "strings"

// parseSignature finds the signer's name at the end of the text ("RICE"),
// skipping the trailer that received and archived copies carry after it:
// "NNNN", bare classification and caption lines, page headers, "NOTE BY
// OC/T: …", the archive's "Declassified/Released …" stamp and record
// lines ("2004CARACA01540 - UNCLASSIFIED"). The name is usually a line of
// its own; old telegrams also end the last sentence with it ("…
// MINIMIZE CONSIDERED.  EAGLETON"). It stores the name and returns where
// the text proper ends: at the signature, or at the end of the body.
func (p *parser) parseSignature(body string, start int) int {
	end := len(body)
	limit := max(start, len(body)-4000) // the trailer can be long, but not that long
	for end > limit {
		k := strings.LastIndexByte(body[:end], '\n') + 1
		if k < start {
			k = start
		}
		line := signerLine(body[k:end])
		switch {
		case line == "" || isTrailerLine(line):
			if k == start {
				return len(body)
			}
			end = k - 1
			continue
		case isSignature(line) && !(isCapitalised(line) && prevEndsInDigit(body[start:k])) && !refItem(line, body[start:k]):
			// (A capitalised word after a table row is the table's:
			// "Tourism 53.5 / Commercial".)
			p.c.Text.Signature = line
			return k
		}
		// A REF item's line holds no signer at its end either
		// ("B. 0\" AAA"), as the REF field's own line does not; a
		// paragraph's line is no REF item's.
		if name, at := trailingSigner(line); name != "" && !refItemLine(line, body[start:k]) {
			off := k + strings.Index(body[k:end], line) + at
			p.c.Text.Signature = name
			return off
		}
		return len(body)
	}
	return len(body)
}

// nextKeywordLine returns the offset in s of the first line after its
// first that opens with a field keyword, or -1.
func nextKeywordLine(s string) int {
	_, i := nextLine(s, 0)
	for i < len(s) {
		line, next := nextLine(s, i)
		if k, _ := fieldAt(trimSpace(stripPilcrow(line))); k != fieldNone {
			return i
		}
		i = next
	}
	return -1
}

// refItemLine reports whether line, the last of the text, goes on a REF
// list above it and opens no paragraph.
func refItemLine(line, above string) bool {
	if _, ok := paragraphCandidate(line, 0); ok {
		return false
	}
	return refItem(line, above)
}

// refItem reports whether line, the last of the text, is part of a REF
// list that the text before it, above, ends with ("B. A" after "REF: A.
// 000000", "AA" after "REF: 0", where an item runs on). The items above
// may run over lines ("B. 0\n00"), as the canonical writer writes them, so
// the walk goes up to the REF keyword through the lines the REF field
// takes (scanFields): lines of no other field and no paragraph's number,
// and blank lines before a bullet. A REF list that reads as nothing takes
// no line.
func refItem(line, above string) bool {
	below := line // the line under the one the walk is at
	full := above
	for len(above) > 0 {
		above = strings.TrimSuffix(above, "\n")
		k := strings.LastIndexByte(above, '\n')
		last := trimSpace(stripPilcrow(above[k+1:]))
		above = above[:k+1]
		if _, ok := paragraphCandidate(last, 0); ok {
			return false // the fields end where the paragraphs start
		}
		switch kind, _ := fieldAt(last); {
		case last == "":
			if !refBullet(below) {
				return false // the blank line ended the field
			}
			continue
		case kind == fieldRef:
			// A REF field that reads as nothing is skipped
			// (scanPreamble), and its lines are text; so is one
			// that reads as nothing before a keyword line under it
			// ("REF C\nTAS"), which ends it first.
			ref := full[k+1:]
			if cut := nextKeywordLine(ref); cut >= 0 && (isEmptyField(ref[:cut]) || len(ParseReferences(ref[:cut], 0, "")) == 0) {
				return false
			}
			return len(ParseReferences(ref+line, 0, "")) > 0
		case kind != fieldNone && emptyFieldAt(full[k+1:]+line, kind):
			// A keyword with nothing after it is a word of the
			// field it ends (scanFields): "TAS" in a REF list, but
			// not "TAS\nAA", the tags AA.
		case kind != fieldNone || startsWithMark(last):
			return false
		}
		below = last
	}
	return false
}

// prevEndsInDigit reports whether the last line of s, the line just above
// a signature candidate, ends in a digit: a table row. A line that opens a
// field ("E.O. 12958: DECL: 01/01/2010", "TAGS: PREL 5") is no table row:
// the canonical writer puts a blank line after a field, and the candidate
// reads as a signer there.
func prevEndsInDigit(s string) bool {
	s = strings.TrimSuffix(s, "\n")
	line := trimSpace(stripPilcrow(s[strings.LastIndexByte(s, '\n')+1:]))
	if line == "" || !isDigit(line[len(line)-1]) {
		return false
	}
	// A field's lines are no table, the line a field's keyword opens
	// nor those it runs on to ("TAG\v,\n0": the tags): the canonical
	// writer writes the field otherwise.
	for len(s) > 0 {
		k := strings.LastIndexByte(s, '\n')
		l := trimSpace(stripPilcrow(s[k+1:]))
		if l == "" {
			break
		}
		if kind, _ := fieldAt(l); kind != fieldNone {
			return false
		}
		if k < 0 {
			break
		}
		s = s[:k]
	}
	return true
}

// signerLine trims a line for the signature: white space, the backslash
// that ends the archive's lines in some cables ("WOOD \\"), and a "NNNN"
// run onto the name ("HOAGLAND NNNN"). It also drops the '¶' that open
// the line, which cleanText drops from a text too: the paragraph "¶AA"
// is written "AA", a signer.
func signerLine(s string) string {
	line := trimSpace(s)
	for strings.HasPrefix(line, pilcrow) {
		line = trimLeft(line[len(pilcrow):])
	}
	for {
		switch {
		case strings.HasSuffix(line, "\\"):
			line = trimRight(line[:len(line)-1])
		case strings.HasSuffix(line, "<br>"):
			line = trimRight(line[:len(line)-len("<br>")]) // "MULFORD <br>"
		case len(line) > len("End Cable Text") && strings.HasSuffix(line, " End Cable Text"):
			line = trimRight(line[:len(line)-len("End Cable Text")])
		case len(line) > 5 && strings.HasSuffix(line, " NNNN"):
			line = trimRight(line[:len(line)-len("NNNN")]) // "HOAGLAND NNNN"
		default:
			return line
		}
	}
}

// isTrailerClass reports whether line is a bare classification word.
func isTrailerClass(line string) bool {
	switch line {
	case "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "SECRET//NOFORN", "CONFIDENTIAL//NOFORN", "NOFORN",
		"UNCLAS", "LIMITED OFFICIAL USE", "TOP SECRET", "C O N F I D E N T I A L", "S E C R E T",
		"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED", "UNCLASSIFIED//FOUO",
		"CONFIDENTIAL NOFORN", "SECRET NOFORN", "SECRET//NOFORN//ORCON":
		return true
	}
	return false
}

// isTrailerLine reports whether a line belongs to what follows the
// signature in received or archived copies rather than to the telegram.
func isTrailerLine(line string) bool {
	for strings.HasPrefix(line, ">") || strings.HasPrefix(line, "NNNN ") {
		line = trimLeft(strings.TrimPrefix(strings.TrimPrefix(line, ">"), "NNNN")) // ">  2002ROME01196 - …"
	}
	switch {
	case line == "" || strings.EqualFold(line, "NNNN") || strings.EqualFold(line, "End Cable Text") || isTrailerClass(line) || allPunct(line):
		return true // "NNNN", "Nnnn", "CONFIDENTIAL", ">", ".", "##", "\"
	case hasPrefixFold(line, "NOTE BY"), hasPrefixFold(line, "NOTE: NOT PASSED"):
		return true // "NOTE BY OC/T: HEADING AS RECEIVED."
	case strings.HasPrefix(line, "Declassified/Released"), strings.HasPrefix(line, "Systematic Review"),
		strings.HasPrefix(line, "Review ") && len(line) < 24 && isDigit(line[len(line)-1]):
		return true // "Declassified/Released US Department of State EO Systematic\nReview 30 JUN 2006"
	case isPageLine(line), isRecordLine(line):
		return true
	case line[0] == '<' && line[len(line)-1] == '>' && len(line) < 40:
		return true // "</table>"
	}
	var buf [8]string
	caps, ok := captionLine(line, buf[:0])
	return ok && len(caps) > 0 // "SIPDIS"
}

// isPageLine reports whether line is a page header of a printed copy:
// "PAGE 04        ZAGREB  01569  04 OF 04  071629Z".
func isPageLine(line string) bool {
	if !strings.HasPrefix(line, "PAGE ") || len(line) > 80 {
		return false // not "PAGE 04 VATICA 05960 191507Z AFGHANISTAN HAVE …"
	}
	w, rest := nextWord(line[len("PAGE "):])
	return allDigits(w) && trimSpace(rest) != ""
}

// isRecordLine reports whether line is an archive record line pasted after
// the text: "2004CARACA01540 - UNCLASSIFIED", "2002ROME01748 -
// Classification: SECRET".
func isRecordLine(line string) bool {
	w, rest := nextWord(line)
	if len(w) < 9 || !allDigits(w[:4]) || !isUpper(w[4]) || !isDigit(w[len(w)-1]) {
		return false
	}
	return strings.HasPrefix(trimLeft(rest), "- ")
}

// isSignature reports whether a line is a signer's name: one to three
// upper-case words ("RICE", "TEFFT", "MC CARTHY", "DE PREE",
// "KEEGAN/PAAL"), or a capitalised surname ("Murphy"). A trailing period
// or the "##" of a received copy may follow it.
func isSignature(line string) bool {
	if len(line) > 48 {
		return false
	}
	if isCapitalised(line) {
		return len(line) >= 3 && !signerStopWords[strings.ToUpper(line)] // "Murphy"
	}
	if w, rest := nextWord(line); namePrefix(w) && isCapitalised(trimSpace(rest)) {
		return true // "van Voorst"
	}
	if strings.HasSuffix(line, "..") {
		return false // "DANIEL ORTEGA AN...": a title cut short
	}
	line = strings.TrimRight(line, "#.")
	var buf [8]string
	fs := appendFields(buf[:0], line)
	if len(fs) == 0 || len(fs) > 3 || len(line) > 40 || len(line) < 2 {
		return false
	}
	for _, f := range fs {
		if k := strings.IndexByte(f, '/'); k >= 5 && f[0] == 'R' {
			return false // an address line: "RUCNMEM/EU MEMBER STATES"
		}
		f = strings.TrimPrefix(f, "Mc") // "McCORMICK"
		for i := 0; i < len(f); i++ {
			c := f[i]
			if !isUpper(c) && c != '\'' && c != '-' && c != '.' && c != '/' {
				return false
			}
		}
	}
	var cbuf [8]string
	if _, ok := captionLine(line, cbuf[:0]); ok {
		return false
	}
	switch fs[0] {
	case "END", "BT", "NNNN", "XXXXXXXXXXXX", "PAGE", "NOTE", "SUBJECT", "REF", "TAGS", "SUMMARY", "COMMENT":
		return false
	}
	for _, f := range fs {
		if signerStopWords[f] {
			return false // "END COMMENT", "AND GUIDANCE REQUES"
		}
	}
	return strings.IndexFunc(line, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}

// isCapitalised reports whether w is one word with a capital and then
// lower-case letters: "Murphy", "McMullen", "O'Neill", "Strausz-Hupe".
func isCapitalised(w string) bool {
	if len(w) < 2 || !isUpper(w[0]) || !isLower(w[len(w)-1]) {
		return false
	}
	for i := 1; i < len(w); i++ {
		switch c := w[i]; {
		case isLower(c):
		case c == '\'' || c == '-':
		case isUpper(c) && (w[i-1] == '\'' || w[i-1] == '-' || w[:i] == "Mc" || w[:i] == "Mac" || w[:i] == "Le" || w[:i] == "De" || w[:i] == "Di"):
		default:
			return false
		}
	}
	return true
}

// signerStopWords are the words that end a text without being a name.
var signerStopWords = map[string]bool{
	"END": true, "TEXT": true, "QUOTE": true, "UNQUOTE": true, "NNNN": true, "SIPDIS": true, "COMMENT": true,
	"SUMMARY": true, "FYI": true, "BT": true, "YYY": true, "XXX": true, "NOTE": true, "REFTEL": true, "ACTION": true,
	"REGARDS": true, "THANKS": true, "MINIMIZE": true, "CONSIDERED": true, "CONFIDENTIAL": true, "SECRET": true,
	"UNCLASSIFIED": true, "UNCLAS": true, "NOFORN": true, "EXDIS": true, "NODIS": true, "LIMDIS": true,
	"STADIS": true, "DECONTROL": true, "DECL": true, "OADR": true, "DRAFT": true, "ENDS": true, "PARA": true,
	"REF": true, "REFS": true, "INFO": true, "STATE": true, "DEPARTMENT": true, "EMBASSY": true, "POST": true,
	"ALL": true, "NONE": true, "YES": true, "NO": true, "OK": true, "TBD": true, "ETC": true, "AGREED": true,
	"CLASSIFIED": true, "SENSITIVE": true, "OFFICIAL": true, "USE": true, "ONLY": true, "THE": true, "AND": true,
	"FOR": true, "OF": true, "TO": true, "IN": true, "US": true, "USG": true, "GOA": true, "PM": true, "AM": true,
	"SIGNED": true, "SINCERELY": true, "CLEARED": true, "DRAFTED": true, "APPROVED": true, "HERE": true,
	"BELOW": true, "ABOVE": true, "FOLLOWS": true, "REPORT": true, "MESSAGE": true, "CABLE": true, "STOP": true,
}

// trailingSigner finds a signer's name that ends the last line after the
// text: "… BEIRUT MINIMIZE CONSIDERED.  EAGLETON", "END OF TEXT. BAKER".
// The name is one or two upper-case words after a sentence's end (". ",
// ") ", "- ", a closing quote or QUOTE). It returns the name and its
// offset in the line, or "" and -1.
func trailingSigner(line string) (name string, at int) {
	line = trimRight(line)
	// A paragraph's number and mark end a word as a space does: "1)Aaaa"
	// reads as "1) Aaaa", which is how the canonical writer numbers it
	// ("1. Aaaa"). So does any white space after them, which the writer
	// trims off the text and writes as that one space: "1)\rAAA".
	lo := 0
	if c, ok := paragraphCandidate(line, 0); ok {
		lo = min(c.textOff, len(line))
		lo += len(line[lo:]) - len(trimLeft(line[lo:]))
	}
	// The last one or two words.
	i := len(line)
	words := 0
	for words < 2 {
		j := i
		for j > lo && line[j-1] != ' ' {
			j--
		}
		w := line[j:i]
		if k := strings.LastIndexByte(w, ')'); k > 1 && k < len(w)-1 && w[0] == '(' && looksLikeMark(w[1:k]) {
			// A portion mark ends a word as a space does: "(C)AAA"
			// reads as the canonical writer's "(C) AAA", and so
			// does "(C)\rAAA".
			j += k + 1
			j += len(line[j:i]) - len(trimLeft(line[j:i]))
			w = line[j:i]
		}
		if !isSignerWord(strings.TrimSuffix(w, ".")) {
			if words == 0 && len(w) >= 3 && isCapitalised(w) && !signerStopWords[strings.ToUpper(w)] {
				// "… End comment. Krajeski"; as short a word as
				// isSignature takes for a name of its own.
				at, words = j, 1
				i = len(trimRight(line[:j]))
			}
			break
		}
		words++
		at = j
		i = len(trimRight(line[:j])) // any white space, as after "1)\r"
		if i == 0 || strings.HasSuffix(line[:i], ".") || strings.HasSuffix(line[:i], ")") ||
			strings.HasSuffix(line[:i], "-") || strings.HasSuffix(line[:i], "\"") || strings.HasSuffix(line[:i], "QUOTE") {
			break
		}
	}
	if words == 0 || i == 0 {
		return "", -1
	}
	before := line[:i]
	if k := strings.LastIndexByte(before, ' '); k >= 0 && len(before)-k > 5 && strings.Trim(before[k+1:], "X") == "" {
		before = trimRight(before[:k]) // "… people. XXXXXXXXXXX STEPHENS"
		if before == "" {
			return "", -1
		}
	}
	if k, _ := fieldAt(before); k != fieldNone {
		// "SUBJECT: (C) Aaa", "REF: (0) AAA": the name is the field's,
		// as it is once the writer has written the field.
		return "", -1
	}
	if !(strings.HasSuffix(before, ".") || strings.HasSuffix(before, ")") || strings.HasSuffix(before, "-") ||
		strings.HasSuffix(before, "\"") || strings.HasSuffix(before, " QUOTE") || strings.HasSuffix(before, " UNQUOTE")) {
		return "", -1
	}
	if i >= 2 && before[len(before)-1] == '.' && isUpper(before[len(before)-2]) && (i < 3 || before[len(before)-3] == ' ' || before[len(before)-3] == '.') {
		return "", -1 // "… TO U.S. EMBASSY": an abbreviation, not a sentence's end
	}
	name = strings.TrimSuffix(line[at:], ".")
	if len(name) > 30 || !isSignature(name) {
		// The canonical writer puts the name on a line of its own,
		// where isSignature reads it: "TAGS" after a quote is none.
		return "", -1
	}
	return name, at
}

// isSignerWord reports whether w can be a word of a signer's name at the
// end of a line: upper-case letters (with ' and -), three or more.
func isSignerWord(w string) bool {
	if len(w) < 3 || signerStopWords[w] || strings.Trim(w, "X") == "" {
		return false // "XXXXXXXXXXXX" is a redaction
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !isUpper(c) && c != '\'' && c != '-' {
			return false
		}
	}
	return isUpper(w[0]) && isUpper(w[len(w)-1])
}

// Signers returns the surnames in a signature line: "RICE" is [RICE],
// "KEEGAN/PAAL" and "KEEGAN AND PAAL" are [KEEGAN PAAL], "GILLESPIE##" is
// [GILLESPIE].
func Signers(sig string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(sig, func(r rune) bool { return r == '/' || r == ',' }) {
		for _, part := range strings.Split(f, " AND ") {
			if p := strings.TrimSpace(strings.Trim(part, ".#")); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
