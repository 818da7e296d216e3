package cabletext

import "github.com/cable/cable/internal/cable"

// splitEnvelope reads the five archive lines that precede the telegram in
// the corpus layout: reference id, title, created date, classification and
// origin. It reports ok only when the lines have that shape, so that a bare
// telegram is never mistaken for one. rest is the offset of line 6.
func splitEnvelope(src string) (env *cable.Envelope, rest int, ok bool) {
	var lines [5]string
	i := 0
	for k := range lines {
		if i >= len(src) {
			return nil, 0, false
		}
		line, next := nextLine(src, i)
		if next == len(src) && (len(src) == 0 || src[len(src)-1] != '\n') {
			return nil, 0, false // fewer than five complete lines
		}
		lines[k], i = line, next
	}
	if !looksLikeID(lines[0]) || !looksLikeCreated(lines[2]) {
		return nil, 0, false
	}
	return &cable.Envelope{
		ReferenceID:    lines[0],
		Title:          lines[1],
		Created:        lines[2],
		Classification: lines[3],
		Origin:         lines[4],
	}, i, true
}

// looksLikeID reports whether s has the shape of a published reference id:
// two digits, then upper-case letters and digits (malformed ids such as
// 08SCTION02OF02SAOPAULO335 included).
func looksLikeID(s string) bool {
	if len(s) < 4 || len(s) > 40 || !isDigit(s[0]) || !isDigit(s[1]) || !isUpper(s[2]) {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isUpper(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return isDigit(s[len(s)-1])
}

// looksLikeCreated reports whether s has the shape of Ruby's Time#to_s:
// "Thu Nov 22 00:00:00 +0100 2007".
func looksLikeCreated(s string) bool {
	if len(s) != 30 {
		return false
	}
	return isUpper(s[0]) && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' &&
		s[13] == ':' && s[16] == ':' && s[19] == ' ' &&
		(s[20] == '+' || s[20] == '-') && s[25] == ' ' && allDigits(s[26:])
}
