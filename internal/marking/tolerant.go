package marking

import "strings"

// ReadMark reads a portion mark as a person would: first as [ParseMark]
// does, and when that fails, with the slips a drafter makes in writing a
// level that no reader doubts the meaning of (MARKINGS.md §2):
//
//	(T/S) (T S) (T-S) (T.S.)   TS    the letters of TS parted
//	(TSNF) (SNF) (CNF)         S//NF a level and NF run together
//	(TS:) (S.) (C;)            TS    punctuation after the mark
//	(TS:NF) (TS,NF) (TS_NF)    TS//NF other separators than / and //
//	(TOP-SECRET) (TOPSECRET)   TS    the words of TOP SECRET run together
//	(ТS) with a Cyrillic Т     TS    letters that look like Latin ones
//
// together with what ParseMark already reads, such as (TOP SECRET) and
// (Top Secret/NF). It returns tolerant=true when the mark was read only
// this way, so that callers can flag it for a person to confirm.
//
// A tolerant reading only mends how the level is written: a control it
// does not know (TS/SI) or a level it cannot place (X//BAD) stays an
// error, and the caller must withhold the portion (fail closed), never
// fall back to a less restrictive marking.
func ReadMark(s string) (m Marking, tolerant bool, err error) {
	m, err = ParseMark(s)
	if err == nil {
		return m, false, nil
	}
	fixed, ok := mend(s)
	if !ok {
		return Marking{}, false, err
	}
	m2, err2 := ParseMark(fixed)
	if err2 != nil {
		return Marking{}, false, err
	}
	return m2, true, nil
}

// mend rewrites the slips ReadMark forgives, and reports whether it
// changed anything.
func mend(s string) (string, bool) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "(")
	t = strings.TrimSuffix(strings.TrimSpace(t), ")")
	t = strings.ToUpper(latinLookalikes(strings.TrimSpace(t)))
	t = strings.ReplaceAll(t, ".", "")
	t = strings.TrimRight(t, ":;,_+| ")
	t = strings.NewReplacer(":", "/", ";", "/", ",", "/", "_", "/", "+", "/", "|", "/").Replace(t)
	for _, w := range []string{"TOPSECRET", "TOP-SECRET", "TOP/SECRET"} {
		if strings.HasPrefix(t, w) {
			t = "TOP SECRET" + t[len(w):]
		}
	}
	level, rest := splitLevel(t)
	if level == "" {
		return "", false
	}
	out := level
	if rest != "" {
		out += "/" + rest
	}
	return out, out != strings.ToUpper(strings.TrimSpace(s))
}

// splitLevel finds a level at the start of t written with its letters
// parted (T/S, T S, T-S) or run into NF (TSNF, SNF, CNF, UNF), and returns
// the level and what follows it, without the separator.
func splitLevel(t string) (level, rest string) {
	if r, ok := strings.CutPrefix(t, "TOP SECRET"); ok && (r == "" || !isLetterByte(r[0])) {
		return "TS", strings.TrimLeft(r, "/- ")
	}
	if len(t) >= 3 && t[0] == 'T' && isMarkSep(t[1]) && t[2] == 'S' && (len(t) == 3 || !isLetterByte(t[3])) {
		return "TS", strings.TrimLeft(t[3:], "/- ")
	}
	for _, l := range []string{"TS", "S", "C", "U"} {
		if strings.HasPrefix(t, l+"NF") && (len(t) == len(l)+2 || !isLetterByte(t[len(l)+2])) {
			return l, strings.TrimLeft("NF"+t[len(l)+2:], "/- ")
		}
	}
	word := t
	if i := strings.IndexAny(t, "/- "); i >= 0 {
		word = t[:i]
	}
	if _, err := ParseLevel(word); err == nil {
		return word, strings.TrimLeft(t[len(word):], "/- ")
	}
	return "", ""
}

func isMarkSep(c byte) bool { return c == '/' || c == ' ' || c == '-' }

func isLetterByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// lookalikes maps the Cyrillic and Greek letters that look like the Latin
// letters of marks to those letters: a reader sees (ТS) as (TS) whatever
// alphabet the Т came from, so a mark must be read so.
var lookalikes = strings.NewReplacer(
	"А", "A", "В", "B", "С", "C", "Е", "E", "Н", "H", "І", "I", "Ј", "J", "К", "K", "М", "M",
	"О", "O", "Р", "P", "Ѕ", "S", "Т", "T", "Х", "X", "У", "Y",
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "ѕ", "s", "х", "x", "у", "y", "і", "i",
	"Α", "A", "Β", "B", "Ε", "E", "Ζ", "Z", "Η", "H", "Ι", "I", "Κ", "K", "Μ", "M", "Ν", "N",
	"Ο", "O", "Ρ", "P", "Τ", "T", "Υ", "Y", "Χ", "X", "ο", "o",
)

// latinLookalikes returns s with look-alike letters made Latin.
func latinLookalikes(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return lookalikes.Replace(s)
		}
	}
	return s
}
