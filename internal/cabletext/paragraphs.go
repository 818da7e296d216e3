package cabletext

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cable/cable/internal/cable"
)

var sprintf = fmt.Sprintf

// buildParagraphs makes the paragraphs: paragraph 0 from the free text at
// body[free:first] when there is any, then one per chosen candidate, each
// running to the next. A heading block that ends a paragraph's span moves to
// the paragraph it introduces.
func (p *parser) buildParagraphs(body string, free, first, end int, bl bodyLines) {
	cands := bl.cands
	n := len(cands)
	hasFree := free < first && !isBlank(body[free:first])
	if hasFree {
		n++
	}
	var ps []cable.Paragraph // nil when there are none
	if n > 0 {
		ps = make([]cable.Paragraph, 0, n)
	}
	if hasFree {
		ps = append(ps, cable.Paragraph{Number: 0, Text: cleanText(body, free, first, bl.pilcrows), Line: bl.lineOf(body, free)})
	}
	for k, c := range cands {
		stop := end
		if k+1 < len(cands) {
			stop = cands[k+1].off
		}
		text := ""
		if c.textOff < stop {
			text = cleanText(body, c.textOff, stop, bl.pilcrows)
		}
		ps = append(ps, cable.Paragraph{Number: c.num, Mark: c.mark, Text: text, Line: c.line})
	}
	for k := range ps {
		if k+1 < len(ps) {
			if ps[k].Number == 0 && isHeading(ps[k].Text) {
				ps[k].Text, ps[k+1].Heading = "", ps[k].Text
				continue
			}
			ps[k].Text, ps[k+1].Heading = splitHeading(ps[k].Text)
		}
	}
	if len(ps) > 0 && ps[0].Number == 0 && ps[0].Text == "" && ps[0].Heading == "" {
		ps = ps[1:]
	}
	p.c.Text.Paragraphs = ps
}

// cleanText trims a paragraph's text, body[from:to], and drops the
// archive's '¶' artefacts at line starts, which the drafter never wrote,
// and the white space left at its ends by a dropped one.
// Only the lines that candidates saw open with '¶', pilcrows, can hold
// them.
func cleanText(body string, from, to int, pilcrows []int) string {
	s := body[from:to]
	t := trimLeft(s)
	from += len(s) - len(t)
	s = trimRight(t)
	to = from + len(s)
	// A "\n¶" inside s is a line starting at from+1 to to-2 with '¶'.
	if k := sort.SearchInts(pilcrows, from+1); k < len(pilcrows) && pilcrows[k] <= to-2 {
		// Every '¶' that opens a line once those before it are gone:
		// "\n¶¶" leaves none, as the line "¶" would not read back.
		for strings.Contains(s, "\n"+pilcrow) {
			s = strings.ReplaceAll(s, "\n"+pilcrow, "\n")
		}
	}
	if strings.HasPrefix(s, pilcrow) || strings.HasSuffix(s, "\n") {
		// What the '¶' stood before may be white space at either end,
		// or another '¶', which the canonical writer would not write
		// back.
		for strings.HasPrefix(s, pilcrow) {
			s = trimLeft(s[len(pilcrow):])
		}
		return trimSpace(s)
	}
	return s
}

// splitHeading splits a trailing section heading off a paragraph's text:
// the last block after a blank line, when it is dashed
// ("---------- OBJECTIVES ----------") or one short capitalised line.
func splitHeading(text string) (rest, heading string) {
	k := lastBlankLine(text)
	if k < 0 {
		return text, ""
	}
	block := trimSpace(text[k:])
	if !isHeading(block) {
		return text, ""
	}
	return trimRight(text[:k]), block
}

// lastBlankLine returns the offset just past the last blank line of s, or
// -1. It looks only at the tail that could hold a heading (isHeading allows
// 240 bytes), so that long paragraphs cost nothing, and visits the tail's
// line breaks with IndexByte rather than byte by byte.
func lastBlankLine(s string) int {
	last := -1
	for i := max(1, len(s)-256); i < len(s); i++ {
		k := strings.IndexByte(s[i:], '\n')
		if k < 0 {
			break
		}
		i += k
		j := i - 1
		for j >= 0 && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
			j--
		}
		if j >= 0 && s[j] == '\n' {
			last = i + 1
		}
	}
	return last
}

// isHeading reports whether a block of text is a section heading.
func isHeading(block string) bool {
	if block == "" || len(block) > 240 || strings.Count(block, "\n") > 3 {
		return false
	}
	if strings.Contains(block, "---") || strings.Contains(block, "===") || strings.Contains(block, "___") {
		return true
	}
	if strings.Contains(block, "\n") || len(block) > 50 {
		return false
	}
	up := strings.ToUpper(block)
	if up != block || strings.HasPrefix(up, "END") || strings.HasPrefix(up, "BEGIN") {
		return false
	}
	last := block[len(block)-1]
	return isLetter(last) && strings.IndexFunc(block, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}
