package server

import (
	"strings"
	"unicode"
)

// Reading view text (issue 17, defect 7): telegrams were typed at a fixed
// width, so a paragraph of the archive arrives as lines broken every 60 to
// 70 characters, with runs of blank lines where pages and sections met.
// The reader's view reflows each paragraph: blocks at blank lines (a run
// of them is one break), the lines of a block joined, except the lines
// that begin a list item or underline a heading, which keep their own
// line. The telegram page shows the text as it was typed.

// reflow cuts text into blocks, each a list of lines to show.
func reflow(text string) [][]string {
	var blocks [][]string
	var block []string
	line := ""
	flushLine := func() {
		if line != "" {
			block = append(block, line)
			line = ""
		}
	}
	flushBlock := func() {
		flushLine()
		if len(block) > 0 {
			blocks = append(blocks, block)
			block = nil
		}
	}
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l := strings.TrimSpace(raw)
		switch {
		case l == "":
			flushBlock()
		case keepsOwnLine(l):
			flushLine()
			line = l
			if isRule(l) {
				flushLine()
			}
		case line == "":
			line = l
		default:
			line += " " + l
		}
	}
	flushBlock()
	return blocks
}

// keepsOwnLine reports whether a line starts a line of its own: a list
// item (-, *, o, (a), a), A., 1.) or a rule of dashes or equals signs.
func keepsOwnLine(l string) bool {
	if isRule(l) {
		return true
	}
	for _, p := range []string{"- ", "-- ", "* ", "o ", "• "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	if strings.HasPrefix(l, "(") {
		if i := strings.IndexByte(l, ')'); i > 1 && i <= 4 && isItemLabel(l[1:i]) {
			return true
		}
	}
	i := strings.IndexAny(l, ".)")
	return i > 0 && i <= 3 && len(l) > i+1 && l[i+1] == ' ' && isItemLabel(l[:i])
}

// isRule reports whether a line is a rule: three or more dashes, equals
// signs or underscores and nothing else.
func isRule(l string) bool {
	return len(l) >= 3 && strings.Trim(l, "-=_ ") == ""
}

// isItemLabel reports whether s labels a list item: a number, or one
// letter (a, B), or a short roman numeral.
func isItemLabel(s string) bool {
	if s == "" {
		return false
	}
	digits := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	if digits {
		return true
	}
	if len(s) == 1 && unicode.IsLetter(rune(s[0])) {
		return true
	}
	return strings.Trim(strings.ToLower(s), "ivx") == ""
}
