package cabletext

import "strings"

// setSubject stores the subject, folded onto one line, with its own
// portion mark split off: "(C) NEW GOVERNMENT" or "NEW GOVERNMENT (C)".
func (p *parser) setSubject(s string) {
	t := &p.c.Text
	if t.Subject != "" {
		return
	}
	s = s[:subjectEnd(s)]
	s = foldSpace(strings.ReplaceAll(s, "\\", ""))
	if strings.HasPrefix(s, "(") {
		if k := strings.IndexByte(s, ')'); k > 1 && looksLikeMark(s[1:k]) {
			t.SubjectMark, s = s[1:k], trimSpace(s[k+1:])
		}
	}
	if strings.HasSuffix(s, ")") {
		if k := strings.LastIndexByte(s, '('); k >= 0 && looksLikeMark(s[k+1:len(s)-1]) {
			if t.SubjectMark == "" {
				t.SubjectMark = s[k+1 : len(s)-1]
			}
			s = trimSpace(s[:k])
		}
	}
	t.Subject = s
}

// subjectEnd returns where a subject's text ends within s, the text the
// preamble scanner collected for it (up to a blank line or the next field
// keyword). Damaged cables run other text on: page-break artefacts,
// "This is an Action request", a dashed rule.
func subjectEnd(s string) int {
	return len(s)
}
