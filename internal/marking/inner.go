package marking

import "strings"

// InnerMarks returns the portion marks written inside text, the text of a
// portion after its own mark: where a mark opens a line, after a
// paragraph number, a letter or a bullet ("7. (TS)", "A. (S)", "-- (C)",
// "(a) (S)", "(TS)"), and after a paragraph number that follows the end
// of a sentence on the same line ("… end. 6. (S) …", as cables whose line
// breaks were lost glue their paragraphs). Such text is a portion of its
// own that the reader did not cut out — a stray or repeated number, a
// lettered sub-paragraph, a bullet — and it must not be shown under the
// marking of the portion around it: callers roll its marks up into that
// portion's (MARKINGS.md §2 and §3).
//
// Only what clearly claims to be a mark counts (claimsMark): acronyms and
// codes that open a line, "(COMEX)", are not marks. A lower-case letter
// in parentheses that follows the letter before it, "(b)" after "(a)", is
// lettering, not a mark: "(c)" after "(b)" is not CONFIDENTIAL.
func InnerMarks(text string) []string {
	var out []string
	letters := map[byte]bool{} // the lettering seen so far, "(a)"…
	for _, line := range strings.Split(text, "\n") {
		if m, ok := lineMark(line, letters); ok {
			out = append(out, m)
		}
		out = append(out, gluedMarks(line)...)
	}
	return out
}

// lineMark returns the mark that opens line, after an optional prefix.
func lineMark(line string, letters map[byte]bool) (string, bool) {
	s := strings.TrimLeft(line, " \t\u00a0")
	s = strings.TrimPrefix(s, "¶")
	s = strings.TrimLeft(s, " \t")
	s = skipPrefix(s)
	for range 2 { // "(a) (S)": lettering, then the mark
		g, rest, ok := parenGroup(s)
		if !ok {
			return "", false
		}
		if isLettering(g, letters) {
			s = strings.TrimLeft(rest, " \t")
			continue
		}
		if claimsMark(g) {
			return g, true
		}
		return "", false
	}
	return "", false
}

// skipPrefix drops a paragraph number ("7.", "12)"), a letter ("A.",
// "b)") or a bullet ("--", "-", "*", "•") and the space after it.
func skipPrefix(s string) string {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	switch {
	case i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')'):
		return strings.TrimLeft(s[i+1:], " \t")
	case i == 0 && len(s) > 1 && isLetterByte(s[0]) && (s[1] == '.' || s[1] == ')'):
		return strings.TrimLeft(s[2:], " \t")
	}
	t := strings.TrimLeft(s, "-*•–— ")
	if len(t) < len(s) {
		return strings.TrimLeft(t, " \t")
	}
	return s
}

// parenGroup returns the text inside the parentheses that open s, and
// what follows them.
func parenGroup(s string) (group, rest string, ok bool) {
	if !strings.HasPrefix(s, "(") {
		return "", "", false
	}
	k := strings.IndexByte(s, ')')
	if k < 2 || k > 66 {
		return "", "", false
	}
	return s[1:k], s[k+1:], true
}

// isLettering reports whether g is sub-paragraph lettering or numbering:
// "(1)", "(iv)", a lower-case letter that is "(a)" or follows the letter
// before it. It notes the letters it sees.
func isLettering(g string, letters map[byte]bool) bool {
	if g == "" {
		return false
	}
	if strings.Trim(g, "0123456789") == "" || strings.Trim(g, "ivx") == "" && len(g) > 1 {
		return true
	}
	if len(g) == 1 && g[0] >= 'a' && g[0] <= 'z' && (g[0] == 'a' || letters[g[0]-1]) {
		letters[g[0]] = true
		return true
	}
	return false
}

// gluedMarks returns the marks that follow a paragraph number glued to
// the end of a sentence on the same line: "… end. 6. (S) …".
func gluedMarks(line string) []string {
	var out []string
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != '.' && c != '!' && c != '?' && c != '"' && c != ';' {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] == ' ' {
			j++
		}
		if j == i+1 || j >= len(line) {
			continue
		}
		k := j
		for k < len(line) && k-j < 3 && line[k] >= '0' && line[k] <= '9' {
			k++
		}
		if k == j || k >= len(line) || line[k] != '.' {
			continue
		}
		if g, _, ok := parenGroup(strings.TrimLeft(line[k+1:], " ")); ok && claimsMark(g) {
			out = append(out, g)
		}
	}
	return out
}
