package cabletext

import "strings"

// The archive glued the last header line to the first body line
// (FORMAT.md §0): "TO AMEMBASSY BEIJING IMMEDIATE 0000S E C R E T STATE
// 159388". splitHeader walks the header line by line with the ACP 127
// grammar and, on each line, looks for where the header's part ends and the
// body begins.

// partialStub is the archive's stand-in for a header it did not have.
const partialStub = "This record is a partial extract of the original cable. The full text of the original cable is not available."

// headerState says which part of the header the walk is in.
type headerState int

const (
	inPreamble  headerState = iota // FL1–FL5, distribution blocks
	inAddresses                    // FM, TO, INFO and their continuation lines
)

// splitHeader returns the offset in s at which the body begins: 0 when s
// has no transmission header, len(s) when s is all header.
func splitHeader(s string) int {
	if strings.HasPrefix(s, "\n\n") {
		// The canonical telegram of a cable with no header and no class
		// line opens so: its text is all body, whatever it looks like.
		return 0
	}
	state := inPreamble
	seenHeader := false
	gap := 0 // empty lines just passed
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if !seenHeader && isBlank(line) && next < len(s) {
			i = next // leading blank lines
			continue
		}
		if gap >= 2 && !isBlank(line) && !afterGapLine(line) {
			// Two empty lines after header lines are how the canonical
			// telegram of a cable with no class line ends its header;
			// received copies go on after them only with their banner,
			// distribution and date lines.
			return i
		}
		if line == "" {
			gap++
		} else {
			gap = 0
		}
		n, st, ok := headerPrefix(line, state, seenHeader)
		if indent := indentLen(line); !ok && indent > 0 && indent < len(line) {
			// An indented header line, which the canonical writer
			// writes back unindented.
			if n2, st2, ok2 := headerPrefix(line[indent:], state, seenHeader); ok2 && n2 > 0 {
				n, st, ok = indent+n2, st2, true
			}
		}
		if !ok && state == inAddresses && isBlank(line) && nextIsRoutedAddress(s[next:]) {
			n, st, ok = len(line), state, true
		}
		if !ok {
			if !seenHeader {
				return unknownHeader(s)
			}
			return i
		}
		seenHeader = true
		state = st
		if n < len(line) {
			return i + n
		}
		if next == len(s) {
			return len(s)
		}
		if k := gluedDigits(line, s[next:]); k >= 0 {
			return i + k
		}
		i = next
	}
	return len(s)
}

// indentLen returns the length of the spaces and tabs that open line.
func indentLen(line string) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// afterGapLine reports whether line may go on with a header after two
// empty lines: a received copy's banner, a page header, a distribution
// line or a date-time group, not the lines a canonical header starts with
// (VZCZC, prosign, DE, ZNY) nor an address.
func afterGapLine(line string) bool {
	switch {
	case strings.HasPrefix(line, "VZCZC"), strings.HasPrefix(line, partialStub), isProsignLine(line),
		strings.HasPrefix(line, "DE "), strings.HasPrefix(line, "ZNY "), strings.HasPrefix(line, "ZNR "):
		return false
	}
	switch firstWord(line) {
	case "FM", "TO", "INFO", "XMT":
		return strings.HasPrefix(line, "INFO") && strings.Contains(line, " LOG-")
	}
	return !strings.HasPrefix(line, "XMT/")
}

// nextIsRoutedAddress reports whether the next non-blank line of s is an
// address with a routing indicator ("RUEHUB/USINT HAVANA"): the blank lines
// some headers carry between addresses.
func nextIsRoutedAddress(s string) bool {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if !isBlank(line) {
			for _, kw := range []string{"TO ", "INFO "} {
				line = strings.TrimPrefix(line, kw)
			}
			k := strings.IndexByte(line, '/')
			return k >= 4 && k <= 8 && allUpper(line[:k]) && line[0] == 'R'
		}
		i = next
	}
	return false
}

// unknownHeader handles headers that start with none of the lines the
// grammar knows ("TelegramRestricted by caption.", an e-mail's "From:"
// block). When a transmission identifier follows, the header runs to the
// end of the header that it starts; otherwise to the first body marker.
func unknownHeader(s string) int {
	if k := strings.Index(s, "\nVZCZC"); k >= 0 {
		if n := splitHeader(s[k+1:]); n > 0 {
			return k + 1 + n
		}
	}
	end := firstBodyMarker(s)
	if k := firstGrammarLine(s[:end]); k > 0 {
		return k + splitHeader(s[k:])
	}
	return end
}

// firstGrammarLine returns the offset of the first line of s that a header
// can start with ("FM 0 0000A"), or -1. From there the header is read by
// the grammar, as the canonical writer's header, which has no unknown lines
// before it, will be: "FM 0 0000A" ends before the "A" either way.
func firstGrammarLine(s string) int {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if n, _, ok := headerPrefix(line, inPreamble, false); ok && n > 0 {
			return i
		}
		i = next
	}
	return -1
}

// firstBodyMarker handles headers that start with none of the lines the
// grammar knows (an e-mail's "From:" block, "TelegramRestricted by
// caption."): the body begins at the first body marker, if any.
func firstBodyMarker(s string) int {
	for i := 0; i < len(s); {
		line, next := nextLine(s, i)
		if m := headerMarker(line); m >= 0 {
			return i + m
		}
		i = next
	}
	return 0
}

// headerMarker is bodyMarker for a line the header may take part of. The
// header's part, once the body is cut off it (as the canonical writer
// writes it), may end in a marker of its own ("…A00T I A L" before
// "SIPDIS"): the body starts there.
func headerMarker(line string) int {
	m := bodyMarker(line)
	for m > 0 {
		k := bodyMarker(line[:m])
		if k < 0 {
			break
		}
		m = k
	}
	return m
}

// headerPrefix returns how many bytes at the start of line belong to the
// header, the state after the line, and ok=false when the line does not
// start with header text at all.
func headerPrefix(line string, state headerState, seen bool) (n int, next headerState, ok bool) {
	if isBlank(line) {
		// Blank lines occur after FL2 and around distribution blocks, never
		// among addresses.
		return len(line), state, seen && state == inPreamble
	}
	m := headerMarker(line)
	if m == 0 {
		return 0, state, false
	}
	if n, ok := preambleLine(line); ok {
		if n < len(line) && !strings.HasPrefix(line, partialStub) {
			if m := bodyMarker(line[n:]); m >= 0 {
				return n + m, inPreamble, true
			}
			n = len(line)
		}
		return n, inPreamble, true
	}
	if state == inPreamble && seen && isRouteLine(line) {
		return len(line), inPreamble, true
	}
	switch word := firstWord(line); word {
	case "FM":
		return addressPrefix(line, 3, m), inAddresses, true
	case "TO", "INFO", "XMT":
		return addressPrefix(line, len(word)+1, m), inAddresses, true
	}
	if strings.HasPrefix(line, "XMT/") {
		return addressPrefix(line, 4, m), inAddresses, true
	}
	if state == inAddresses {
		return addressPrefix(line, 0, m), inAddresses, true
	}
	return 0, state, false
}

// firstWord returns line's first space-delimited word.
func firstWord(line string) string {
	if i := strings.IndexByte(line, ' '); i >= 0 {
		return line[:i]
	}
	return line
}

// preambleLine recognises the header lines before the addresses: FL1–FL5,
// the partial-extract stub, page-break artefacts and State's distribution
// blocks. It returns the length of the header part of line.
func preambleLine(line string) (int, bool) {
	switch {
	case strings.HasPrefix(line, "VZCZC"):
		return wordEnd(line, 0), true
	case strings.HasPrefix(line, partialStub):
		return len(partialStub), true
	case strings.HasPrefix(line, "DE ") && strings.Contains(line, "#"):
		return len(line), true
	case strings.HasPrefix(line, "ZNY ") || strings.HasPrefix(line, "ZNR "):
		return 3, true
	case isProsignLine(line):
		return len(line), true
	case strings.HasPrefix(line, "PAGE "), strings.HasPrefix(line, "ACTION "), strings.HasPrefix(line, "ORIGIN "),
		strings.HasPrefix(line, "INFO") && strings.Contains(line, " LOG-"),
		isDistributionLine(line) && !opensAddress(line):
		return len(line), true
	}
	if n := dtgPrefix(line); n > 0 {
		return n, true
	}
	t := trimSpace(line)
	if strings.HasPrefix(t, "---") || isReceivedClassLine(t) || isTerminalTag(t) {
		return len(line), true
	}
	return 0, false
}

// wordEnd returns the index of the first space at or after i, or len(s).
func wordEnd(s string, i int) int {
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	return i
}

// opensAddress reports whether line, indented or not, opens with a keyword
// that parseHeader reads an address after ("TO /"): such a line is an
// address, however coded its words look, so that the walk takes the
// address lines after it as parseHeader and the canonical writer do.
func opensAddress(line string) bool {
	line = line[indentLen(line):]
	for _, kw := range []string{"FM ", "TO ", "XMT ", "XMT/"} {
		if strings.HasPrefix(line, kw) {
			return true
		}
	}
	return strings.HasPrefix(line, "INFO ") && !strings.Contains(line, " LOG-")
}

// isProsignLine recognises FL2: a precedence prosign digraph and routing
// indicators ("OO RUEHWEB").
func isProsignLine(line string) bool {
	if len(line) < 4 || line[2] != ' ' || line[0] != line[1] || !isUpper(line[0]) {
		return false
	}
	for f, rest := nextWord(line[3:]); f != ""; f, rest = nextWord(rest) {
		if len(f) < 4 || len(f) > 8 || !allUpper(f) {
			return false
		}
	}
	return true
}

// isRouteLine recognises a continuation of FL2's routing indicators.
func isRouteLine(line string) bool {
	n := 0
	for f, rest := nextWord(line); f != ""; f, rest = nextWord(rest) {
		if len(f) < 4 || len(f) > 8 || !allUpper(f) || f[0] != 'R' {
			return false
		}
		n++
	}
	return n > 0
}

// isDistributionLine recognises the continuation lines of State's internal
// distribution block: "      AOP-00   AEX-00 … /007R".
func isDistributionLine(line string) bool {
	// Only a word that starts with '/' or ends in "-00" makes a line
	// coded.
	if strings.IndexByte(line, '/') < 0 && strings.IndexByte(line, '-') < 0 {
		return false
	}
	coded := false
	for f, rest := nextWord(line); f != ""; f, rest = nextWord(rest) {
		f = trimParens(f)
		if f == "" || strings.HasPrefix(f, "/") || allUpper(f) {
			coded = coded || strings.HasPrefix(f, "/")
			continue
		}
		k := strings.LastIndexByte(f, '-')
		if k <= 0 || !allDigits(f[k+1:]) {
			return false
		}
		coded = true
	}
	return coded
}

// trimParens is strings.Trim(f, "()").
func trimParens(f string) string {
	for len(f) > 0 && (f[0] == '(' || f[0] == ')') {
		f = f[1:]
	}
	for len(f) > 0 && (f[len(f)-1] == '(' || f[len(f)-1] == ')') {
		f = f[:len(f)-1]
	}
	return f
}

// isTerminalTag recognises a lone terminal tag such as "TED8265" that
// precedes a received copy's distribution block.
func isTerminalTag(t string) bool {
	i := 0
	for i < len(t) && isUpper(t[i]) {
		i++
	}
	return i >= 2 && len(t)-i >= 3 && allDigits(t[i:])
}

// isReceivedClassLine recognises the received copy's banner
// "CONFIDENTIAL     PTQ2529".
func isReceivedClassLine(t string) bool {
	if t == "" || t[0] != 'C' && t[0] != 'S' && t[0] != 'U' {
		return false
	}
	w, rest := nextWord(t)
	tag, rest := nextWord(rest)
	last, _ := nextWord(rest)
	return last == "" && (w == "CONFIDENTIAL" || w == "SECRET" || w == "UNCLASSIFIED") && strings.HasPrefix(tag, "PTQ")
}

// dtgPrefix returns the length of an FL5 line ("O 220000Z NOV 07",
// "O R 220000Z NOV 07") or of a bare DTG ("291359Z Nov 00") at the start of
// line, or 0.
func dtgPrefix(line string) int {
	i := 0
	for k := 0; k < 2 && i+1 < len(line) && strings.IndexByte("ZOPRY", line[i]) >= 0 && line[i+1] == ' '; k++ {
		i += 2
	}
	n := dtgLen(line[i:])
	if n == 0 {
		return 0
	}
	return i + n
}

// dtgLen returns the length of a date-time group "DDHHMMZ MON YY" at the
// start of s (month in any case), or 0.
func dtgLen(s string) int {
	if len(s) < 14 || !allDigits(s[:6]) || s[6] != 'Z' || s[7] != ' ' || s[11] != ' ' ||
		!isLetter(s[8]) || !isLetter(s[9]) || !isLetter(s[10]) || !isDigit(s[12]) || !isDigit(s[13]) {
		return 0
	}
	return 14
}

// addressPrefix returns the length of the address at the start of line,
// skipping a keyword of kw bytes: [RI/]PLAD [precedence] [MCN]. Text after
// that belongs to the body. marker is bodyMarker(line).
func addressPrefix(line string, kw, marker int) int {
	if kw > len(line) {
		return len(line)
	}
	end := len(line)
	if strings.HasPrefix(line[kw:], "PAGE ") {
		return end // a page-break artefact: "TO PAGE 02 STATE 015113 182333Z"
	}
	if marker > kw {
		end = marker
	}
	if p, plen := findPrecedence(line[kw:end]); p >= 0 {
		i := kw + p + plen
		if i < end && line[i] != ' ' {
			if bodyMarker(line[i:end]) == 0 {
				return i // "PRIORITYFriday, 23 February 2001"
			}
			return end
		}
		return mcnEnd(line, i, end)
	}
	return plainAddressEnd(line, kw, end)
}

// mcnEnd returns the end of an optional message continuity number (four
// digits, or a range 7881-7884) after a precedence at i.
func mcnEnd(line string, i, end int) int {
	j := i
	for j < end && line[j] == ' ' {
		j++
	}
	k := j
	for k < end && isDigit(line[k]) {
		k++
	}
	if k > j && k+5 <= end && line[k] == '-' && allDigits(line[k+1:k+5]) {
		k += 5
	} else if k-j > 4 {
		k = j + 4 // an MCN glued to a pasted record's id
	}
	if trimSpace(line[k:end]) == "" {
		return end
	}
	return k
}

// plainAddressEnd finds the end of an address line without a precedence:
// "RUEHBU/AMEMBASSY BUENOS AIRES 0001QATAR INVESTMENT…" ends after the MCN.
// Digits that run on to the end are the MCN itself, as parseAddress reads
// "FM 0 00000": nothing is glued to it.
func plainAddressEnd(line string, kw, end int) int {
	for i := kw; i+5 <= end; i++ {
		if line[i] == ' ' && allDigits(line[i+1:i+5]) && i+5 < end && (isUpper(line[i+5]) || isDigit(line[i+5]) && digitRunEnd(line, i+5) < end) {
			return i + 5
		}
	}
	return end
}

// precedenceWords are the address-line precedences, longest first so that
// NIACT IMMEDIATE wins over IMMEDIATE. PIORITY is a typo seen in the corpus.
var precedenceWords = []string{"NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "PIORITY", "ROUTINE", "FLASH"}

// precedenceWordsBy holds precedenceWords by first letter, in their order.
var precedenceWordsBy = func() (by [256][]string) {
	for _, w := range precedenceWords {
		by[w[0]] = append(by[w[0]], w)
	}
	return by
}()

// findPrecedence returns the offset and length of the first precedence word
// that starts a word in s, or -1. No two precedence words can start at the
// same offset, so the first word start that opens one is the answer.
func findPrecedence(s string) (int, int) {
	for k := 0; k < len(s); k++ {
		if k > 0 && s[k-1] != ' ' {
			j := strings.IndexByte(s[k:], ' ')
			if j < 0 {
				break
			}
			k += j // the space: the next word starts after it
			continue
		}
		for _, w := range precedenceWordsBy[s[k]] {
			if strings.HasPrefix(s[k:], w) {
				return k, len(w)
			}
		}
	}
	return -1, 0
}

// gluedDigits handles a header line whose last digits are the start of a
// pasted record ("INFO RHEHNSC/NSC WASHDC50972" followed by
// "2006-01-27 20:41:00"): it returns where the record's id begins, or -1.
func gluedDigits(line, after string) int {
	if len(after) < 5 || !allDigits(after[:4]) || after[4] != '-' {
		return -1
	}
	j := len(line)
	for j > 0 && isDigit(line[j-1]) {
		j--
	}
	if j == len(line) || j == 0 {
		return -1
	}
	if line[j-1] == ' ' && len(line)-j > 4 {
		return j + 4 // an MCN, then the record id
	}
	if line[j-1] == ' ' {
		return -1
	}
	return j
}
