package cabletext

import (
	"bytes"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// findClassLine returns the offset in body of the telegram's classification
// line, looking through the first lines only: a body may begin with a pasted
// record or a date line before it (FORMAT.md §6). It returns -1 when there
// is none. A line that opens a preamble field is that field, whatever
// class word it holds: a tag "NCLAS", which the canonical writer puts on
// its TAGS line, does not make that line the class line.
//
// A line holding a class word alone ("CONFIDENTIAL", as NARA's 1970s
// telegrams open) is the class line only when it opens the body and no
// other line is one: archived copies repeat the word alone as a page
// trailer, and snippets end with it.
func findClassLine(body string) int {
	const maxLines, maxBytes = 60, 8000
	bare := -1
	for i, n := 0, 0; i < len(body) && n < maxLines && i < maxBytes; n++ {
		line, next := nextLine(body, i)
		if kind, _ := fieldAt(trimSpace(stripPilcrow(line))); kind != fieldNone {
			i = next
			continue
		}
		if k := classLineStart(line); k >= 0 {
			return i + k
		}
		if isBlank(body[:i]) && bareClassLevel(line) != "" {
			bare = i + len(line) - len(trimLeft(line))
		}
		i = next
	}
	return bare
}

// bareClassLevel returns the level of a line that holds a class word and
// nothing else, in capitals: "CONFIDENTIAL", "SECRET", "TOP SECRET",
// "LIMITED OFFICIAL USE" (State's control on unclassified text before
// SBU). It returns "" for any other line.
func bareClassLevel(line string) string {
	switch w := trimSpace(line); w {
	case "CONFIDENTIAL", "SECRET", "TOP SECRET", limitedOfficialUse:
		return w
	}
	return ""
}

// limitedOfficialUse is the class word of LOU telegrams, which the writer
// writes as it is: letter-spaced, no reader would know it.
const limitedOfficialUse = "LIMITED OFFICIAL USE"

// classLineStart returns where a classification line starts in line, or -1.
// Pasted records quote the class ("CLASSIFICATION: SECRET"), which is not
// one: a class line is letter-spaced, UNCLAS, or a class word followed by a
// station and serial.
func classLineStart(line string) int {
	best := -1
	for _, k := range []int{spacedClassAt(line), unclasAt(line), plainClassAt(line), unclassifiedAt(line)} {
		if k >= 0 && (best < 0 || k < best) {
			var buf [32]byte
			if w, _ := classWord(line[k:], buf[:0]); levelOf(w) != "" {
				best = k
			}
		}
	}
	return best
}

// unclassifiedAt finds "UNCLASSIFIED" opening a line (old cables write the
// word out: "UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164").
func unclassifiedAt(line string) int {
	t := trimLeft(line)
	if strings.HasPrefix(t, "UNCLASSIFIED ") || t == "UNCLASSIFIED" {
		return len(line) - len(t)
	}
	return -1
}

// parseClassLine reads a classification line and returns it with the length
// of s it used: the serial ends the line proper, and whatever follows on the
// same line (glued fields in damaged cables) is left to the caller.
func parseClassLine(s string) (cable.ClassLine, int) {
	line, _ := nextLine(s, 0)
	if lvl := bareClassLevel(line); lvl != "" {
		return cable.ClassLine{Raw: trimSpace(line), Level: lvl}, len(line)
	}
	cl := cable.ClassLine{}
	i := 0
	var wbuf [32]byte
	spelled, n := classWord(line, wbuf[:0])
	cl.Level, i = levelOf(spelled), n
	cl.EFTO = bytes.HasSuffix(spelled, []byte("EFTO"))
	var buf [16]string
	fs := appendFields(buf[:0], line[i:])
	used := len(line)
	k := 0
	if len(fs) >= 4 && strings.EqualFold(fs[0], "SECTION") && strings.EqualFold(fs[2], "OF") {
		cl.Section, cl.Sections = atoi(fs[1]), atoi(fs[3])
		k = 4
	}
	var station []string
	for ; k < len(fs); k++ {
		f := fs[k]
		if d := leadingDigits(f); d > 0 {
			cl.Serial = f[:d]
			if d < len(f) {
				// "008305S/CT FOR REAPE.O. 12958…": the line goes on.
				used = strings.Index(line, f) + d
			} else if k+1 < len(fs) {
				used = strings.Index(line, f) + d
			}
			break
		}
		station = append(station, f)
	}
	cl.Station = strings.Join(station, " ")
	cl.Raw = trimSpace(line[:used])
	return cl, used
}

// maxClassWord is how many letters of a classification word classWord
// keeps: "UNCLASSIFIED E F T O" has 16.
const maxClassWord = 16

// classWord reads the classification word at the start of line in any of
// its spellings, letter-spaced or not, and returns its letters upper-cased,
// appended to spelled, and the bytes it used. It keeps maxClassWord letters
// at most, but the word goes on as long as its letters do, so that where it
// ends does not depend on how long it was: "NCLASAAAAAAAAAAA A" ends after
// the "A", as "UNCLAS A", which the canonical writer makes of it, does.
func classWord(line string, spelled []byte) ([]byte, int) {
	i := 0
	for i < len(line) {
		c := line[i]
		full := len(spelled) >= maxClassWord
		switch {
		case isLetter(c):
			if isSingleLetter(line, i) || (i+1 < len(line) && line[i+1] == ' ') {
				if !full {
					spelled = append(spelled, toUpper(c))
				}
				i++
				continue
			}
			// a run of letters: the word written plainly, or a glued pair
			j := i
			for j < len(line) && isLetter(line[j]) {
				j++
			}
			if len(spelled) > 0 && j-i > 2 {
				return spelled, i
			}
			for ; i < j && !full; i++ {
				spelled = append(spelled, toUpper(line[i]))
			}
			i = j
		case c == ' ' || c == '"' || c == '.' || c == '\t' || c == '\f' || c == '\v' || c == '\r':
			i++
		default:
			if wide := wideSpace(line[i:]); wide > 0 {
				i += wide
				continue
			}
			return spelled, i
		}
	}
	return spelled, i
}

// levelOf names the level a (possibly damaged) spelling stands for.
func levelOf(spelled []byte) string {
	switch {
	case bytes.Contains(spelled, []byte("UNCLAS")) || bytes.Contains(spelled, []byte("NCLAS")):
		return "UNCLASSIFIED"
	case bytes.Contains(spelled, []byte("TOPSECRET")):
		return "TOP SECRET"
	case bytes.Contains(spelled, []byte("CRET")):
		return "SECRET"
	case bytes.Contains(spelled, []byte("FIDENT")) || bytes.Contains(spelled, []byte("ONFID")):
		return "CONFIDENTIAL"
	}
	return ""
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + int(s[i]-'0')
		if n > 1e6 {
			return n
		}
	}
	return n
}
