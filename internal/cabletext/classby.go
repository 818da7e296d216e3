package cabletext

import (
	"strings"
	"unicode/utf8"

	"github.com/cable/cable/internal/cable"
)

// classifiedByAt returns the length of a "Classified By" keyword at the
// start of s ("Classified By:", "CLASSIFIED BY", "(U) Classified by",
// "Classified By: Classified by", "CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED
// BY"), or 0.
func classifiedByAt(s string) int {
	i := entireTextLen(s)
	if strings.HasPrefix(s[i:], "(U)") {
		i += len("(U)")
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	if !hasPrefixFold(s[i:], "CLASSIFIED") {
		return 0
	}
	j := i + len("CLASSIFIED")
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if !hasPrefixFold(s[j:], "BY") || (j+2 < len(s) && isLetter(s[j+2])) {
		return 0
	}
	j += 2
	for j < len(s) && (s[j] == ':' || s[j] == ' ') {
		j++
	}
	if k := classifiedByAt(s[j:]); k > 0 {
		j += k // "Classified By: Classified by …"
	}
	return j
}

// entireTextLen returns the length of the old-style portion note that can
// precede the keyword in a paragraph, "CONFIDENTIAL - ENTIRE TEXT.  ", or 0.
func entireTextLen(s string) int {
	if len(s) < 20 || !isUpper(s[0]) {
		return 0
	}
	i := 0
	switch {
	case hasPrefixFold(s, "CONFIDENTIAL"):
		i = len("CONFIDENTIAL")
	case hasPrefixFold(s, "SECRET"):
		i = len("SECRET")
	case hasPrefixFold(s, "UNCLASSIFIED"):
		i = len("UNCLASSIFIED")
	case hasPrefixFold(s, "LIMITED OFFICIAL USE"):
		i = len("LIMITED OFFICIAL USE")
	default:
		return 0
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '-') {
		i++
	}
	if !hasPrefixFold(s[i:], "ENTIRE TEXT") {
		return 0
	}
	i += len("ENTIRE TEXT")
	for i < len(s) && (s[i] == ' ' || s[i] == '.' || s[i] == '\n') {
		i++
	}
	return i
}

// parseClassifiedBy reads the text after the keyword: the authority, then
// the reasons. "ISN Acting DAS Richard Stratford. Reasons: 1.4(b) & (d)."
// Names are the persons in the authority without their titles and
// offices, as written: "Richard Stratford". Text that names no authority
// (a list of references run on after an empty keyword line) gives the
// zero value, so that a later "Classified by" line can be read.
func parseClassifiedBy(s string) cable.ClassifiedBy {
	if len(s) > maxAuthText {
		// The authority and its reasons take a line or three; what runs
		// on is text the keyword line was glued to.
		k := strings.LastIndexByte(s[:maxAuthText], '\n')
		if k < maxAuthText/2 {
			k = maxAuthText
		}
		s = s[:k]
	}
	s = skipEcho(unwrapAuthority(s))
	var cb cable.ClassifiedBy
	if isLineNote(s) {
		return cb // "CLASSIFIED BY LINE ADDED"
	}
	var a authScan
	a.scan(s)
	reasons := parseReasons(s[a.end:])
	if a.bogus && len(reasons) == 0 {
		return cb
	}
	auth := trimSpace(s[:a.end])
	for strings.HasPrefix(auth, ":") {
		// A colon on the line after the keyword: the canonical writer's
		// "Classified By: " would read as part of the keyword.
		auth = trimSpace(auth[1:])
	}
	cb.Authority = trimRightSet(auth, ",.;:-")
	cb.Reasons = reasons
	// Names end within the authority as stored, so that the canonical
	// writer's "<authority>. Reasons: …" reads back the same.
	cb.Names = a.names(s, strings.Index(s, cb.Authority)+len(cb.Authority))
	return cb
}

// maxAuthText bounds the text read for an authority and its reasons.
const maxAuthText = 480

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

// foldSpace turns runs of white space, line breaks included, into one
// space.
func foldSpace(s string) string {
	// Whether it folds depends on the white space inside s only, not on
	// a line break at its end.
	t := trimSpace(s)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= utf8.RuneSelf || asciiSpace[c] && (c != ' ' || t[i+1] == ' ') {
			return joinFields(t) // (t does not end in a space)
		}
	}
	return t
}

// joinFields returns strings.Join(strings.Fields(s), " ") with one
// allocation, splitting ASCII text itself.
func joinFields(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	var b strings.Builder
	for i := 0; ; {
		for i < len(s) && asciiSpace[s[i]] {
			i++
		}
		if i == len(s) {
			return b.String()
		}
		j := i
		for j < len(s) && !asciiSpace[s[j]] {
			j++
		}
		if b.Len() == 0 {
			b.Grow(len(s) - i)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:j])
		i = j
	}
}

// unwrapAuthority folds the authority's lines into one, mending the words
// that the archive's fixed-width wrapping cut in two ("Hoyt Y \nee",
// "REA \nSONS", "f \nor reasons"), and the letter a damaged cable split
// off a name on the same line ("Hoyt Y ee").
func unwrapAuthority(s string) string {
	s = trimSpace(s)
	if !needsUnwrap(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	space := false   // a space is pending
	newline := false // the pending space holds a line break
	lead := false    // the line after the break starts with white space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			space, newline, lead = true, true, false
			continue
		}
		if isSpace(c) {
			if newline {
				lead = true
			}
			space = true
			continue
		}
		if space && len(out) > 0 {
			join := false
			if isLetter(c) && isLetter(out[len(out)-1]) {
				if newline && !lead {
					join = wrapJoin(out, s[i:])
				} else if !newline {
					join = splitLetter(out, s[i:])
				}
			}
			if !join {
				out = append(out, ' ')
			}
		}
		space, newline, lead = false, false, false
		out = append(out, c)
	}
	return string(out)
}

// needsUnwrap reports whether s has line breaks, runs of spaces, or a
// lone capital before a lower-case word.
func needsUnwrap(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\t' || c == '\r':
			return true
		case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
			return true
		case c == ' ' && i >= 1 && isLetter(s[i-1]) && i+1 < len(s) && isLower(s[i+1]):
			return true
		}
	}
	return false
}

// lastLetters returns the letters that end b.
func lastLetters(b []byte) []byte {
	k := len(b)
	for k > 0 && isLetter(b[k-1]) {
		k--
	}
	return b[k:]
}

// firstLetters returns the letters that start s and the byte after them
// (0 at the end).
func firstLetters(s string) (string, byte) {
	k := 0
	for k < len(s) && isLetter(s[k]) {
		k++
	}
	if k < len(s) {
		return s[:k], s[k]
	}
	return s, 0
}

// wrapJoin decides whether the word cut at a line break continues on the
// next line: when the two halves make a word of the vocabulary
// ("REA"+"SONS"), or when the next line goes on in lower case with what is
// not a word of its own ("Blah"+"a,").
func wrapJoin(out []byte, next string) bool {
	a := lastLetters(out)
	b, after := firstLetters(next)
	if len(a)+len(b) <= 32 {
		var buf [32]byte
		w := buf[:0]
		for _, c := range a {
			w = append(w, toUpper(c))
		}
		for i := 0; i < len(b); i++ {
			w = append(w, toUpper(b[i]))
		}
		if joinWord(string(w)) && !(joinWord(upperWord(string(a))) && joinWord(upperWord(b))) {
			return true
		}
	}
	if !isLower(b[0]) || after == '.' || after == '\'' {
		return false
	}
	u := upperWord(b)
	return !cbStopWords[u] && !isTitleKey(u)
}

// splitLetter reports whether the word that ends out and the one that
// follows on the same line are the halves of one word that a damaged cable
// split: a name ("Hoyt Y ee", "Dona ld A. Blome") or a small word of the
// line ("f or reasons", "re asons").
func splitLetter(out []byte, next string) bool {
	a := lastLetters(out)
	n := len(out) - len(a)
	if len(a) == 0 || len(a) > 5 || (n > 0 && out[n-1] != ' ') {
		return false
	}
	b, after := firstLetters(next)
	if isLower(a[0]) {
		// "f or reasons", "fo r", "re asons": a small word split in two.
		if !isLower(b[0]) || len(a)+len(b) > 8 {
			return false
		}
		var buf [8]byte
		w := buf[:0]
		for _, c := range a {
			w = append(w, toUpper(c))
		}
		if cbStopWords[string(w)] {
			return false
		}
		for i := 0; i < len(b); i++ {
			w = append(w, toUpper(b[i]))
		}
		return joinWord(string(w))
	}
	for _, c := range a[1:] {
		if !isLower(c) {
			return false // "USEU polmil"
		}
	}
	if len(b) > 5 || !isLower(b[0]) || after == '.' || after == '\'' || after == ')' {
		return false
	}
	if after == ' ' {
		// "Berry f or": the lower-case letters begin a split small word.
		if c, _ := firstLetters(next[len(b)+1:]); c != "" && isLower(c[0]) && len(b)+len(c) <= 8 {
			var buf [8]byte
			w := buf[:0]
			for i := 0; i < len(b); i++ {
				w = append(w, toUpper(b[i]))
			}
			for i := 0; i < len(c); i++ {
				w = append(w, toUpper(c[i]))
			}
			if joinWord(string(w)) {
				return false
			}
		}
	}
	return !cbStopWords[upperWord(b)] && !isTitleKey(upperWord(b))
}

// upperWord upper-cases a word, without allocating when it is already
// upper case.
func upperWord(w string) string {
	for i := 0; i < len(w); i++ {
		if isLower(w[i]) {
			return strings.ToUpper(w)
		}
	}
	return w
}

// joinWord reports whether w (upper case) is a word that wrapping may have
// cut: a title, a reason or a small word of the authority line.
func joinWord(w string) bool {
	switch w {
	case "FOR", "AND", "PER", "UNDER", "REASON", "REASONS", "SECTION", "BASED":
		return true
	}
	return cbTitles[w] && len(w) > 3
}

// skipEcho drops what repeats the keyword at the start of the authority:
// a portion mark and "CLASSIFIED BY" ("(C) CLASSIFIED BY …", "This message
// classified by …", "1. CLASSIFIED BY …", "Classfied By: …").
func skipEcho(s string) string {
	for {
		if len(s) > 3 && s[0] == '(' {
			if k := strings.IndexByte(s, ')'); k > 1 && looksLikeMark(s[1:k]) {
				s = trimLeft(s[k+1:])
				continue
			}
		}
		head := s
		if len(head) > 40 {
			head = head[:40]
		}
		k, n := indexFold(head, "CLASSIFIED BY"), len("CLASSIFIED BY")
		if k < 0 {
			k, n = indexFold(head, "CLASSFIED BY"), len("CLASSFIED BY")
		}
		if k < 0 {
			return s
		}
		s = s[k+n:]
		for len(s) > 0 && (s[0] == ':' || s[0] == ' ') {
			s = s[1:]
		}
	}
}

// isLineNote reports whether the keyword is part of a correction note,
// "CLASSIFIED BY LINE ADDED", rather than the authority line.
func isLineNote(s string) bool {
	return hasPrefixFold(s, "LINE") && (len(s) == 4 || !isLetter(s[4]))
}

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

// isInitial reports whether w is an initial or a run of them: "E.",
// "W.S.", a lone capital, "0." (a zero typed for an O).
func isInitial(w string) bool {
	if len(w) == 1 {
		return isLetter(w[0])
	}
	for i := 0; i < len(w); i += 2 {
		c := w[i]
		if !isLetter(c) && c != '0' {
			return false
		}
		if i+1 >= len(w) || w[i+1] != '.' {
			return false
		}
	}
	return true
}

// normKey upper-cases a word for the vocabulary: digit zero typed for O
// becomes O, backslashes go, a leading "d'" of "d'Affaires" and a trailing
// period or apostrophe are dropped.
func normKey(w string, buf []byte) string {
	plain := len(w) > 0 && w[len(w)-1] != '.' && w[len(w)-1] != '\''
	for i := 0; i < len(w) && plain; i++ {
		c := w[i]
		plain = !isLower(c) && c != '0' && c != '\\' && c != '\'' && c != ',' && c >= ' ' && c < 0x80
	}
	if plain {
		return w // already a key: "DCM", "AMBASSADOR"
	}
	for i := 0; i < len(w) && len(buf) < cap(buf); i++ {
		c := w[i]
		switch {
		case c == '\\':
			continue
		case c == '0':
			c = 'O'
		default:
			c = toUpper(c)
		}
		buf = append(buf, c)
	}
	k := string(buf)
	for _, p := range []string{"D'", "D,", "DE'", "D’"} {
		if strings.HasPrefix(k, p) && len(k) > len(p)+2 {
			k = k[len(p):]
			break
		}
	}
	if len(k) > 2 {
		k = strings.TrimRight(k, "'’") // "Charge'"
	}
	if len(k) > 1 && k[len(k)-1] == '.' && !isInitial(k) && k != "JR." && k != "SR." {
		k = strings.TrimRight(k, ".") // "Politica...", "for..."
	}
	return k
}

// isTitleKey reports whether an upper-cased word is a word of a title or an
// office: in the vocabulary, a compound of such words ("POL/ECONOFF",
// "MINISTER-COUNSELOR", "AMBASSADOR-AT-LARGE"), or a typing slip on a long
// one ("AMBASSAOR", "COUNSLEOR", "DIRECOTR").
func isTitleKey(k string) bool {
	if cbTitles[k] || (len(k) > 2 && cbTitles[strings.TrimRight(k, ".")]) {
		return true
	}
	if indexSet(k, "/-") >= 0 {
		parts, titled := 0, 0
		for _, p := range strings.FieldsFunc(k, func(r rune) bool { return r == '/' || r == '-' }) {
			parts++
			switch {
			case cbTitles[p] || fuzzyTitle(p):
				titled++
			case strings.ContainsRune(k, '/') && len(p) <= 4 && allUpper(p):
				titled++ // "S/CT", "ISN/MTR", "AF/C"
			case p == "A" || p == "AT" || p == "OF" || p == "FOR":
				titled++
			}
		}
		return parts > 0 && titled == parts || strings.HasSuffix(k, "/")
	}
	return fuzzyTitle(k)
}

// fuzzyTitle reports whether k is one slip (a letter wrong, missing, added
// or swapped) from a long title word.
func fuzzyTitle(k string) bool {
	if len(k) < 7 || len(k) > 16 {
		return false
	}
	for _, t := range cbFuzzyTitles {
		if t[0] == k[0] && absInt(len(t)-len(k)) <= 1 && editDistance1(k, t) {
			return true
		}
	}
	return false
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance1 reports whether a and b differ by at most one edit: a
// substitution, an insertion, a deletion or a transposition of neighbours.
func editDistance1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b)-len(a) <= 1
	}
	switch len(b) - len(a) {
	case 0:
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i:] == b[i+1:]
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

// names returns the persons the authority names. Each comma, semicolon or
// dash starts a segment ("Rose E. Gottemoeller, Assistant Secretary, …");
// a segment's name is its last run of name words, after its titles. The
// first segment with a name gives it; a later one adds a second only when
// joined by "and" ("AF KARL WYCOFF, ACTING AND S/CT DAS SHARI VILLAROSA").
func (a *authScan) names(s string, end int) []string {
	toks := a.toks[:a.n]
	for k := range toks {
		t := &toks[k]
		if t.kind != tkInitial {
			continue
		}
		w := s[t.start:t.end]
		switch {
		case k+1 < len(toks) && toks[k+1].kind == tkTitle && !t.sep && k > 0 && toks[k-1].kind == tkName && !toks[k-1].sep &&
			(k+2 == len(toks) || toks[k+1].sep || toks[k+2].kind != tkName):
			toks[k+1].kind = tkName // "Damian R. Leader": a middle initial is followed by the surname
		case (w == "A." || w == "a.") && k+1 < len(toks) && strings.EqualFold(s[toks[k+1].start:toks[k+1].end], "I."):
			t.kind, toks[k+1].kind = tkTitle, tkTitle // "A. I."
		case len(w) == 1 && k+1 < len(toks) && !t.sep && toks[k+1].kind == tkTitle && (k == 0 || toks[k-1].kind != tkName):
			t.kind = tkTitle // "A E/MIN COUNS.", "T U/S"
		}
	}
	for k := 1; k+1 < len(toks); k++ {
		if toks[k].kind != tkName && (toks[k-1].kind == tkName || toks[k-1].kind == tkInitial) && !toks[k-1].sep && !toks[k].sep && toks[k+1].kind == tkName &&
			namePrefix(s[toks[k].start:toks[k].end]) {
			toks[k].kind = tkName // "Carol van Voorst", "Velia De Pirro"
		}
	}
	for k := 1; k+2 < len(toks); k++ {
		if toks[k].kind != tkName && toks[k-1].kind == tkName && namePrefix(s[toks[k].start:toks[k].end]) &&
			namePrefix(s[toks[k+1].start:toks[k+1].end]) && toks[k+2].kind == tkName && !toks[k-1].sep && !toks[k].sep && !toks[k+1].sep {
			toks[k].kind, toks[k+1].kind = tkName, tkName // "Kurt van der Walde"
		}
	}
	var found [8]nameRun
	nf := 0
	lastRunEnd := -1 // token after the previous segment's run, if it ended it
	for ss := 0; ss < len(toks); {
		se := ss
		for se < len(toks) && !toks[se].sep {
			se++
		}
		if se < len(toks) {
			se++ // the token before the separator belongs to the segment
		}
		if onlySuffixes(toks[ss:se]) && nf > 0 && lastRunEnd == ss {
			found[nf-1].to = se // "SIMONS, JR."
			lastRunEnd = se
			ss = se
			continue
		}
		lastRunEnd = -1
		r, ok := lastRun(toks, ss, se)
		if ok && nf < len(found) {
			found[nf] = r
			nf++
			if r.to == se {
				lastRunEnd = se
			}
		}
		ss = se
	}
	primary := -1
	for k := 0; k < nf; k++ {
		if found[k].words >= 2 {
			primary = k
			break
		}
	}
	if primary < 0 {
		if nf == 0 {
			return nil
		}
		primary = 0
	}
	var out []string
	if p := found[primary].pre; p[1] > 0 {
		out = append(out, nameText(s, toks, p[0], p[1], end))
	}
	out = append(out, nameText(s, toks, found[primary].from, found[primary].to, end))
	for k := primary + 1; k < nf; k++ {
		if r := found[k]; r.and && r.tidy && r.words >= 2 {
			out = append(out, nameText(s, toks, r.from, r.to, end))
		}
	}
	return out
}

// namePrefix reports whether w is a particle of a surname: "van", "De".
func namePrefix(w string) bool {
	switch strings.ToUpper(w) {
	case "VAN", "VON", "DE", "DER", "DEN", "DA", "DI", "DU", "DEL", "DELLA", "LA", "LE", "BIN", "AL", "EL", "ST.", "TEN", "TER":
		return true
	}
	return false
}

func onlySuffixes(ts []authToken) bool {
	for _, t := range ts {
		if t.kind != tkSuffix {
			return false
		}
	}
	return len(ts) > 0
}

// nameRun is a run of name words in an authority's tokens.
type nameRun struct {
	from, to int  // tokens
	words    int  // name words and initials, suffixes aside
	and      bool // "and" comes before it in its segment
	tidy     bool // only titles come before it in its segment
	// pre is a first name of the segment joined to this one by "and":
	// "Poloff Steven Prohaska and DTRA Fred Carter"; pre[1] is 0 when
	// there is none.
	pre [2]int
}

// lastRun finds the last run of name words in the segment toks[ss:se].
func lastRun(toks []authToken, ss, se int) (r nameRun, ok bool) {
	end := se
	for end > ss && !inName(toks[end-1].kind) {
		end--
	}
	for end > ss {
		from := end
		for from > ss && inName(toks[from-1].kind) {
			from--
		}
		named := false
		for k := from; k < end; k++ {
			named = named || toks[k].kind == tkName
		}
		if named {
			r.from, r.to = from, end
			break
		}
		end = from
		for end > ss && !inName(toks[end-1].kind) {
			end--
		}
	}
	if r.to == 0 {
		return r, false
	}
	// Words before the suffixes.
	core := r.to
	for core > r.from && toks[core-1].kind == tkSuffix {
		core--
	}
	if n := core - r.from; n > 2 && r.from > ss && (toks[r.from-1].kind == tkPrep || toks[r.from-1].kind == tkAnd) {
		// A title's complement runs into the name: "Ambassador to Sudan
		// Timothy Carney", "for Diplomatic Security Gregory B. Starr".
		start := core - 2
		for k := r.from + 1; k < core; k++ {
			if toks[k].kind == tkInitial && toks[k-1].kind == tkName {
				start = k - 1
				break
			}
		}
		r.from = start
	}
	r.words = core - r.from
	// "Steven Prohaska and DTRA Fred Carter".
	k := r.from
	for k > ss && toks[k-1].kind == tkTitle {
		k--
	}
	if k > ss+2 && toks[k-1].kind == tkAnd && toks[k-2].kind == tkName {
		to := k - 1
		from := to
		for from > ss && inName(toks[from-1].kind) {
			from--
		}
		if to-from >= 2 && (from == ss || toks[from-1].kind == tkTitle) {
			r.pre = [2]int{from, to}
		}
	}
	r.tidy = true
	for k := ss; k < r.from; k++ {
		switch toks[k].kind {
		case tkAnd:
			r.and = true
		case tkTitle, tkPrep, tkInitial:
		default:
			r.tidy = false
		}
	}
	return r, true
}

func inName(kind int) bool {
	return kind == tkName || kind == tkInitial || kind == tkSuffix
}

// nameText returns the name spanning toks[from:to] as written, cut at end
// (where the authority as stored ends), with a comma typed for an
// apostrophe mended ("O,Grady") and "Jr" given its period.
func nameText(s string, toks []authToken, from, to, end int) string {
	e := min(toks[to-1].end, max(end, toks[from].start))
	n := trimRightSet(s[toks[from].start:e], " ,.;:-")
	if k := len(n) - 2; k > 1 && (n[k-1] == ' ' || n[k-1] == ',') && strings.EqualFold(n[k:], "JR") {
		n += "." // the writer's period after the authority makes it "Jr."
	}
	for i := 1; i+1 < len(n); i++ {
		if n[i] == ',' && isLetter(n[i-1]) && (i == 1 || n[i-2] == ' ') && isUpper(n[i+1]) {
			b := []byte(n)
			for j := 1; j+1 < len(b); j++ {
				if b[j] == ',' && isLetter(b[j-1]) && (j == 1 || b[j-2] == ' ') && isUpper(b[j+1]) {
					b[j] = '\''
				}
			}
			return string(b)
		}
	}
	return n
}
