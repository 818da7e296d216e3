package cabletext

import "strings"

// Token kinds of an authority.
const (
	tkName    = iota + 1 // a word of a person's name
	tkInitial            // "E.", "W.S.", a lone capital
	tkSuffix             // "JR.", "III"
	tkTitle              // a word of a title or an office: "Ambassador", "DCM", "ISN"
	tkPrep               // "for", "of", "to": a title's complement follows
	tkAnd                // "and", "&"
	tkJunk               // neither: lower-case words, damaged text
)

// maxAuthTokens bounds the words of an authority that are looked at.
const maxAuthTokens = 48

type authToken struct {
	start, end int // the word in s, without the separator after it
	kind       int
	sep        bool // a comma, semicolon, colon or dash follows
}

// authScan reads an authority word by word: where it ends (before the
// reasons) and which words name persons.
type authScan struct {
	toks  [maxAuthTokens]authToken
	n     int
	end   int  // where the authority ends in s
	mixed bool // the authority is in mixed case
	bogus bool // it ends at a number that is not a reason: not an authority
}

// scan tokenises s up to the reasons.
func (a *authScan) scan(s string) {
	a.mixed = mixedCase(s)
	a.tokenise(s)
	if a.mixed && !a.hasName() {
		// An upper-case name in mixed-case text: "Ambassador JOHN SMITH".
		a.mixed = false
		a.n = 0
		a.tokenise(s)
	}
}

func (a *authScan) hasTitle() bool {
	for _, t := range a.toks[:a.n] {
		if t.kind == tkTitle || t.kind == tkInitial {
			return true
		}
	}
	return false
}

func (a *authScan) hasName() bool {
	for _, t := range a.toks[:a.n] {
		if t.kind == tkName {
			return true
		}
	}
	return false
}

// mixedCase reports whether the words before the reasons include a
// capitalised word in mixed case ("Ambassador"), so that upper-case words
// are office acronyms ("ISN", "DCM") rather than names.
func mixedCase(s string) bool {
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '(' || s[i] == '"') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		w := s[i:j]
		i = j
		if w == "" {
			continue
		}
		if isDigit(w[0]) || isReasonWord(w) {
			return false
		}
		if isUpper(w[0]) {
			for k := 1; k < len(w); k++ {
				if isLower(w[k]) {
					return true
				}
			}
		}
	}
	return false
}

// tokenise splits s into classified words up to the end of the authority.
func (a *authScan) tokenise(s string) {
	a.end = len(s)
	i := 0
	for i < len(s) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if a.word(s, i, j) {
			return
		}
		i = j
	}
}

// word classifies the word s[i:j], splitting it where it holds two
// ("Counselor:Steve", "DCM/Ted", "McKelvey-reasons"). It returns true when
// the authority ends.
func (a *authScan) word(s string, i, j int) bool {
	// Separators after the word.
	e := j
	sep := false
	k := e
	for k > i && (isAuthSep(s[k-1]) || s[k-1] == '.') {
		k--
	}
	if indexSet(s[k:e], ",;:") >= 0 {
		e, sep = k, true // "HERBST,...", "Jr.,"
		if s[k] == '.' && (isInitial(s[i:k+1]) || strings.EqualFold(s[i:k], "JR") || strings.EqualFold(s[i:k], "SR")) {
			e++ // keep the period of "Jr.", "E."
		}
	}
	if e == i {
		if s[i] == '&' {
			return a.add(s, i, j, tkAnd, false)
		}
		a.markSep()
		return false
	}
	w := s[i:e]
	if allPunct(w) {
		switch w {
		case "&":
			return a.add(s, i, e, tkAnd, sep)
		case ".", "..", "...":
			return false // "Kevin . Johnson"
		}
		a.markSep() // "-", "?", "--"
		return false
	}
	// "Counselor:Steve", "AMB:RCROCKER", "DCM;DOUG", "Gfoeller,for".
	if k := indexSet(w, ":;,"); k > 0 && k < len(w)-1 && (w[k] != ',' || isLower(w[k+1]) || k > 1) {
		if a.word(s, i, i+k+1) {
			return true
		}
		return a.word(s, i+k+1, j)
	}
	// "McKelvey-reasons".
	if k := strings.LastIndexByte(w, '-'); k > 0 && k < len(w)-1 && isReasonWord(w[k+1:]) {
		if a.word(s, i, i+k) {
			return true
		}
		a.end = i + k + 1
		return true
	}
	// "DCM/Ted": an office glued to a mixed-case name.
	if k := strings.LastIndexByte(w, '/'); a.mixed && k > 0 && k < len(w)-2 && isUpper(w[k+1]) && isLower(w[k+2]) {
		if a.word(s, i, i+k) {
			return true
		}
		return a.word(s, i+k+1, j)
	}
	kind, stop := a.classify(w)
	if stop {
		a.end = i
		return true
	}
	if kind == tkName && len(w) > 2 && w[len(w)-1] == '.' && a.n > 0 && isSentenceEnd(s[j:]) {
		// "TOM MCDONALD. CONFIDENTIAL", "Aubrey Carlson. Reasons …"
		a.add(s, i, e-1, kind, true)
		a.end = e - 1
		return true
	}
	return a.add(s, i, e, kind, sep)
}

// isSentenceEnd reports whether what follows a name ending in a period is
// a new sentence rather than more of the name ("Blake, Jr.").
func isSentenceEnd(rest string) bool {
	w, _ := nextWord(rest)
	if isInitial(w) {
		return false // "Anne. E. Derse"
	}
	w = trimRightSet(w, ".,;:")
	switch strings.ToUpper(w) {
	case "JR", "SR", "II", "III", "IV":
		return false
	}
	return true
}

func isAuthSep(c byte) bool { return c == ',' || c == ';' || c == ':' }

func allPunct(w string) bool {
	for i := 0; i < len(w); i++ {
		if isLetter(w[i]) || isDigit(w[i]) {
			return false
		}
	}
	return true
}

func (a *authScan) markSep() {
	if a.n > 0 {
		a.toks[a.n-1].sep = true
	}
}

func (a *authScan) add(s string, i, e, kind int, sep bool) bool {
	if a.n == maxAuthTokens {
		a.end = i
		return true
	}
	if kind == tkName || kind == tkSuffix && s[e-2] == 'I' {
		for e > i+1 && s[e-1] == '.' {
			e-- // "Davies." at a separator, "III.", "Hodges..."
		}
	}
	a.toks[a.n] = authToken{start: i, end: e, kind: kind, sep: sep}
	a.n++
	return false
}

// prevNamed reports whether the last word read belongs to a name.
func (a *authScan) prevNamed() bool {
	if a.n == 0 {
		return false
	}
	k := a.toks[a.n-1].kind
	return k == tkName || k == tkSuffix || (k == tkInitial && a.n > 1 && a.toks[a.n-2].kind == tkName)
}

// classify returns the kind of a word, or stop when the authority ends
// before it.
func (a *authScan) classify(w string) (kind int, stop bool) {
	core := trimSet(w, "()\"")
	for len(core) > 2 && core[len(core)-1] == '.' && core[len(core)-2] == '.' {
		core = core[:len(core)-1] // "B...", "Hodges..."
	}
	if core == "" {
		return tkJunk, false
	}
	// The reasons: "Reasons", "1.4", "E.O.", "(b)".
	if isReasonWord(core) {
		return 0, true
	}
	if isDigit(core[0]) && core[0] != '0' {
		if core[0] != '1' && !a.hasTitle() {
			a.bogus = true // "ADANA 222 ADANA 216": references, not an authority
		}
		return 0, true
	}
	if w[0] == '(' && len(core) >= 1 && isLetter(core[0]) && (len(core) == 1 || !isLetter(core[1])) {
		return 0, true // "(b)", "(B/D)"
	}
	var buf [40]byte
	key := normKey(core, buf[:0])
	if key == "" {
		return tkJunk, false
	}
	if key == "D'" || key == "D’" {
		return tkTitle, false // "Charge d' Affaires"
	}
	if key == "EO" || strings.HasPrefix(key, "E.O") {
		return 0, true
	}
	switch key {
	case "FOR", "FR", "FO", "PER", "UNDER", "BASED", "DUE", "IAW", "PURSUANT", "ACCORDING", "CITING":
		if a.prevNamed() {
			return 0, true // "… Marc Wall for reasons", "… Henifin per 1.4(d)"
		}
	}
	if strings.HasPrefix(key, "FOR") && len(key) > 3 && isReasonWord(key[3:]) {
		return 0, true // "FORREASONS"
	}
	switch key {
	case "AND", "&":
		return tkAnd, false
	case "FOR", "OF", "TO", "IN", "ON", "AT", "BY", "THE", "WITH", "FROM":
		return tkPrep, false
	case "JR", "JR.", "SR", "SR.", "II", "III", "IV":
		if a.prevNamed() {
			return tkSuffix, false
		}
	}
	if isTitleKey(key) {
		return tkTitle, false
	}
	if len(key) >= 4 && strings.Trim(key, "X") == "" {
		return tkName, false // a redacted name: "XXXXXXXXXXXX"
	}
	if isInitial(core) {
		if isLower(core[0]) && a.mixed {
			return tkJunk, false
		}
		return tkInitial, false
	}
	return a.nameKind(core), false
}

// nameKind tells a word of a name from other words, by its letters and,
// in mixed-case text, its case.
func (a *authScan) nameKind(w string) int {
	w = strings.TrimRight(w, ".")
	letters, upper, lower, inner := 0, 0, 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case isUpper(c):
			upper++
			letters++
			if i >= 3 && isLower(w[i-1]) && isLower(w[i-2]) && !nameCapPrefix(w[:i]) {
				inner++ // "CooQnator", not "MacDonald"
			}
		case isLower(c):
			lower++
			letters++
		case c == '0' && !a.mixed:
			letters++ // "B0HLEN"
		case c == '\'' || c == '-' || c == '.' || c == ',':
		default:
			return tkJunk
		}
	}
	if letters < 2 || inner > 0 || !(isUpper(w[0]) || (w[0] == '0' && !a.mixed)) {
		return tkJunk
	}
	if a.mixed && lower == 0 {
		return tkTitle // an office acronym: "ISN", "AIT", "DRL"
	}
	return tkName
}

// nameCapPrefix reports whether p is a prefix after which names take a
// capital: "MacDonald", "VanDyke", "DeLaurentis".
func nameCapPrefix(p string) bool {
	switch p {
	case "Mac", "Van", "Von", "Fitz", "Del", "Des", "Della", "Dela", "San", "Ten":
		return true
	}
	return false
}
