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
		if gap >= 2 && !isBlank(line) && (!afterGapLine(line) || findClassLine(s[i:]) < 0) {
			// Two empty lines after header lines are how the canonical
			// telegram of a cable with no class line ends its header;
			// received copies go on after them only with their banner,
			// distribution and date lines, and a class line after
			// those: the text "/" of a cable with none is no
			// distribution line.
			return i
		}
		if line == "" {
			gap++
		} else {
			gap = 0
		}
		n, st, ok := indentedHeaderPrefix(line, state, seenHeader)
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

// indentedHeaderPrefix is headerPrefix, which also takes an indented
// header line, as the canonical writer writes it back unindented.
func indentedHeaderPrefix(line string, state headerState, seen bool) (int, headerState, bool) {
	n, st, ok := headerPrefix(line, state, seen)
	if indent := indentLen(line); !ok && indent > 0 && indent < len(line) {
		if n2, st2, ok2 := headerPrefix(line[indent:], state, seen); ok2 && n2 > 0 {
			return indent + n2, st2, true
		}
	}
	return n, st, ok
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
		if n, _, ok := indentedHeaderPrefix(line, inPreamble, false); ok && n > 0 {
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
	if state == inAddresses && bareClassLevel(line) == "" {
		// A class word alone ends the addresses: it opens the body of
		// NARA's 1970s telegrams, as a class line does.
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
