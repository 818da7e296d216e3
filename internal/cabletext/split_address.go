package cabletext

// Where the body begins on an address line of the header (see split.go):
// after the address, its precedence and its message continuity number.

import "strings"

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
