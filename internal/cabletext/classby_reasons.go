package cabletext

import "strings"

// parseReasons reads the E.O. 12958 sections cited: "1.4 (b) and (d)",
// "1.4(b/d)", "1.5 (B,D)", "1.4 b,d". Each is returned as "1.4(b)".
func parseReasons(s string) []string {
	var out []string
	section := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '1' && i+2 < len(s) && (s[i+1] == '.' || s[i+1] == '/' || s[i+1] == ',' && isDigit(s[i+2])) {
			j := i + 2 // "1.4", "1/4", "1. 4", "1,4"
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && (s[j] == '4' || s[j] == '5' || s[j] == '6') {
				section = sectionNames[s[j]-'4']
				i = j
				continue
			}
		}
		if section == "" || !isLetter(c) {
			continue
		}
		if (i > 0 && isLetter(s[i-1])) || (i+1 < len(s) && isLetter(s[i+1])) {
			continue // a word: "and", "Reasons"
		}
		l := c | 0x20
		if l < 'a' || l > 'h' {
			continue
		}
		r := reasonName(section, l)
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// sectionNames are the sections of E.O. 12958 that reasons cite.
var sectionNames = [...]string{"1.4", "1.5", "1.6"}

// reasonNames are section + "(" + letter + ")" for each section and the
// letters a to h.
var reasonNames = [...][8]string{
	{"1.4(a)", "1.4(b)", "1.4(c)", "1.4(d)", "1.4(e)", "1.4(f)", "1.4(g)", "1.4(h)"},
	{"1.5(a)", "1.5(b)", "1.5(c)", "1.5(d)", "1.5(e)", "1.5(f)", "1.5(g)", "1.5(h)"},
	{"1.6(a)", "1.6(b)", "1.6(c)", "1.6(d)", "1.6(e)", "1.6(f)", "1.6(g)", "1.6(h)"},
}

// reasonName returns section + "(" + l + ")" without allocating.
func reasonName(section string, l byte) string {
	return reasonNames[section[2]-'4'][l-'a']
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// isReasonWord reports whether w is "Reason(s)" or one of its slips
// ("Resons", "RASONS", "reaons", "REAS0N", "Reas").
func isReasonWord(w string) bool {
	w = trimRightSet(w, ".,;:)")
	if k := strings.IndexByte(w, '('); k > 0 {
		w = w[:k] // "Reason(s)"
	}
	if len(w) < 4 || len(w) > 9 || (w[0] != 'R' && w[0] != 'r') {
		return false
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		c := toUpper(w[i])
		if c == '0' {
			c = 'O'
		}
		buf[i] = c
	}
	k := string(buf[:len(w)])
	if strings.HasPrefix(k, "REAS") {
		return true
	}
	return editDistance1(k, "REASON") || editDistance1(k, "REASONS")
}
