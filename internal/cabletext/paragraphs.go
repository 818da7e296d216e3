package cabletext

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
)

var sprintf = fmt.Sprintf

// buildParagraphs makes the paragraphs: paragraph 0 from the free text at
// body[free:first] when there is any, then one per chosen candidate, each
// running to the next. A heading block that ends a paragraph's span moves to
// the paragraph it introduces.
func (p *parser) buildParagraphs(body string, free, first, end int, cands []candidate) {
	var ps []cable.Paragraph
	if free < first && !isBlank(body[free:first]) {
		ps = append(ps, cable.Paragraph{Number: 0, Text: body[free:first], Line: p.lineOf(p.bodyStart + free)})
	}
	for k, c := range cands {
		stop := end
		if k+1 < len(cands) {
			stop = cands[k+1].off
		}
		text := ""
		if c.textOff < stop {
			text = body[c.textOff:stop]
		}
		ps = append(ps, cable.Paragraph{Number: c.num, Mark: c.mark, Text: text, Line: c.line})
	}
	for k := range ps {
		ps[k].Text = cleanText(ps[k].Text)
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

// cleanText trims a paragraph's text and drops the archive's '¶' artefacts
// at line starts, which the drafter never wrote.
func cleanText(s string) string {
	s = trimSpace(s)
	if strings.Contains(s, "\n"+pilcrow) {
		s = strings.ReplaceAll(s, "\n"+pilcrow, "\n")
	}
	return strings.TrimPrefix(s, pilcrow)
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
// 240 bytes), so that long paragraphs cost nothing.
func lastBlankLine(s string) int {
	for i := len(s) - 1; i > 0 && i >= len(s)-256; i-- {
		if s[i] != '\n' {
			continue
		}
		j := i - 1
		for j >= 0 && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
			j--
		}
		if j >= 0 && s[j] == '\n' {
			return i + 1
		}
	}
	return -1
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
