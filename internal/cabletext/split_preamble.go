package cabletext

// The header lines before the addresses, as splitHeader (split.go) knows
// them: FL1 to FL5, page-break artefacts and distribution blocks.

import "strings"

// preambleLine recognises the header lines before the addresses: FL1–FL5,
// the partial-extract stub, page-break artefacts and State's distribution
// blocks. It returns the length of the header part of line. A line is a
// distribution line with any white space around it: parseHeader trims it
// off an address ("\f/"), and the canonical writer's "/" is one.
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
		isDistributionLine(trimSpace(line)) && !opensAddress(line):
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
