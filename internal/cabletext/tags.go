package cabletext

// The tables of multi-word tags and tag fixes at the end of this file are
// data, which is why it runs past 400 lines.

import "strings"

// ParseTags reads a TAGS field and returns its tags, canonical, once each,
// in order of appearance.
//
// s is the field's text after its keyword, or with it: TAGS, TAG, TAGE,
// TAGES, TABS, TGS, and TAS: and AGS: with their colon, followed by a colon,
// semicolon, comma or space. It may span continuation lines (see
// [TagsEnd]); a blank line or a SUBJECT keyword ends it regardless.
//
// Tags are separated by spaces or commas. A tag in parentheses is one tag,
// its parentheses removed: "(STEINBERG, JAMES B.)". Known multi-word tags
// are kept whole (HUMAN RIGHTS, COUNTRY CLEARANCE, TIP IN TURKEY, ECONOMY AND
// FINANCE), person tags get their comma (CLINTON HILLARY is "CLINTON,
// HILLARY"). Tags are upper-cased, SIPDIS is dropped, and cablemap's fix
// table mends typos (POGOV is PGOV, RU is RS) and splits glued tags (PHUMPGOV
// is PHUM and PGOV). The rest of a line is dropped after a run of five or
// more spaces and at a classification or page marker (UNCLASSIFIED, SECRET,
// PAGE, E.O.), which is where a repeated page header begins.
func ParseTags(s string) []string {
	s = s[tagsKeywordLen(s):]
	tags := make([]string, 0, 8) // the median cable has 5 tags
scan:
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			if blankLineAt(s, i+1) {
				break scan
			}
			i++
		case c == ' ' || c == '\t':
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if j-i >= 5 {
				j = lineEnd(s, j)
			}
			i = j
		case c == '(':
			end := lineEnd(s, i)
			j := strings.IndexByte(s[i:end], ')')
			if j < 0 {
				j = end - i
			}
			tags = addTag(tags, s[i+1:i+j])
			i += j + 1
		case isLetter(c) || c == '_':
			if phrase, n := multiWordTagAt(s, i); n > 0 {
				tags = addTag(tags, phrase)
				i += n
				continue
			}
			j := tagWordEnd(s, i)
			switch w := s[i:j]; {
			case isSubjectWord(w):
				break scan
			case isTagsStopWord(w) || (w == "E" || w == "e") && j < len(s) && s[j] == '.':
				j = lineEnd(s, j)
			default:
				tags = addTag(tags, w)
			}
			i = j
		default:
			i++
		}
	}
	if len(tags) == 0 {
		return nil
	}
	return tags
}

// TagsEnd returns the length of the TAGS field at the start of s, which
// runs on into the rest of the cable: the first line, then each following
// line that continues it, up to a SUBJECT keyword on the way. A line
// continues the field when the line before ends with a comma (FORMAT.md
// §4.4), when it starts with a tag and a comma ("NATO, UK, CN"), when it
// completes a multi-word tag ("KU COUNTRY" / "CLEARANCE"), or when it holds
// nothing but known tags ("EINV"). Pass s[:TagsEnd(s)] to [ParseTags].
func TagsEnd(s string) int {
	start := 0
	for {
		end := lineEnd(s, start)
		if k := subjectIndex(s[start:end]); k >= 0 {
			return start + k
		}
		if end == len(s) || !continuesTags(s[start:end], s[end+1:lineEnd(s, end+1)]) {
			return end
		}
		start = end + 1
	}
}

// continuesTags reports whether line next continues the TAGS line line.
func continuesTags(line, next string) bool {
	line, next = strings.TrimRight(line, " \t\r"), strings.TrimSpace(next)
	switch {
	case next == "":
		return false
	case strings.HasSuffix(line, ","):
		return true
	}
	if j := tagWordEnd(next, 0); j > 0 && strings.HasPrefix(strings.TrimLeft(next[j:], " "), ",") {
		return true // NATO, UK, CN
	}
	if k := strings.LastIndexAny(line, " ,"); k >= 0 {
		if _, n := multiWordTagAt(line[k+1:]+" "+next, 0); n > len(line)-k {
			return true // COUNTRY / CLEARANCE
		}
	}
	return allKnownTags(next)
}

// allKnownTags reports whether line is made of tags TagKind or the fix
// table knows, and nothing else.
func allKnownTags(line string) bool {
	n := 0
	for i := 0; i < len(line); {
		if c := line[i]; c == ' ' || c == ',' || c == '\t' {
			i++
			continue
		}
		j := tagWordEnd(line, i)
		if j == i || !isKnownTag(line[i:j]) {
			return false
		}
		n, i = n+1, j
	}
	return n > 0
}

// isKnownTag reports whether TagKind or the fix table knows tag.
func isKnownTag(tag string) bool {
	if TagKind(tag) != tagUnknown {
		return true
	}
	var buf [40]byte
	if len(tag) > len(buf) {
		return false
	}
	for i := 0; i < len(tag); i++ {
		buf[i] = toUpper(tag[i])
	}
	_, ok := tagFixes[string(buf[:len(tag)])]
	return ok
}

// subjectIndex returns the index of a SUBJECT or SUBJ: keyword inside
// line, after its first word, or -1.
func subjectIndex(line string) int {
	for i := 1; i < len(line); i++ {
		if isLetter(line[i]) && !isLetter(line[i-1]) {
			if j := tagWordEnd(line, i); isSubjectWord(line[i:j]) {
				return i
			}
		}
	}
	return -1
}

// tagsKeywordLen returns the length of a TAGS keyword at the start of s,
// with the space and punctuation after it, or 0.
func tagsKeywordLen(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	j := i
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	w := strings.ToUpper(s[i:j])
	colon := j < len(s) && s[j] == ':'
	switch {
	case w == "TAGS" || w == "TAG" || w == "TAGE" || w == "TAGES" || w == "TAGSS" || w == "TABS" || w == "TGS":
		if j < len(s) && !strings.ContainsRune(":;, \t\r\n", rune(s[j])) {
			return 0
		}
	case (w == "TAS" || w == "AGS") && colon:
	default:
		return 0
	}
	for j < len(s) && strings.IndexByte(":;, \t", s[j]) >= 0 {
		j++
	}
	return j
}

// tagWordEnd returns the end of the tag word starting at s[i]: letters,
// digits, '_', '-', '/' and an apostrophe (UNGA/C-6, ZANU-PF, BA'ATH).
func tagWordEnd(s string, i int) int {
	for i < len(s) && isTagByte(s[i]) {
		i++
	}
	return i
}

func isTagByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '/' || c == '\''
}

func isSubjectWord(w string) bool {
	switch len(w) {
	case len("SUBJECT"):
		return strings.EqualFold(w, "SUBJECT")
	case len("SUBJ"):
		return strings.EqualFold(w, "SUBJ")
	}
	return false
}

// isTagsStopWord reports whether w begins a classification line or page
// header caught on the TAGS line.
func isTagsStopWord(w string) bool {
	switch len(w) {
	case len("UNCLASSIFIED"): // and CONFIDENTIAL
		return strings.EqualFold(w, "UNCLASSIFIED") || strings.EqualFold(w, "CONFIDENTIAL")
	case len("CLASSIFIED"):
		return strings.EqualFold(w, "CLASSIFIED")
	case len("SECRET"):
		return strings.EqualFold(w, "SECRET")
	case len("PAGE"):
		return strings.EqualFold(w, "PAGE")
	}
	return false
}

// lineEnd returns the index of the line break at or after i, or len(s).
func lineEnd(s string, i int) int {
	if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(s)
}

// blankLineAt reports whether the line starting at i holds only spaces.
func blankLineAt(s string, i int) bool {
	return strings.TrimSpace(s[i:lineEnd(s, i)]) == ""
}

// addTag adds the canonical form of raw to tags unless it is there
// already or is SIPDIS.
func addTag(tags []string, raw string) []string {
	t := strings.ToUpper(strings.TrimSpace(raw))
	if t == "" || t == "SIPDIS" {
		return tags
	}
	fixed, ok := tagFixes[t]
	if !ok {
		if !containsString(tags, t) {
			tags = append(tags, t)
		}
		return tags
	}
	for _, f := range fixed {
		if !containsString(tags, f) {
			tags = append(tags, f)
		}
	}
	return tags
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// multiWordTagAt returns the multi-word tag starting at s[i] and its length in
// s, or 0. The words of a known phrase may be apart by any space, line breaks
// included; the phrase must end a word, or be glued to a known tag
// ("HUMAN RIGHTSPOLMIL" is HUMAN RIGHTS, then POLMIL). Besides the known
// phrases, TIP IN <country> and <word> AND <word> are multi-word tags.
func multiWordTagAt(s string, i int) (string, int) {
	first := toUpper(s[i])
	// A known phrase's first word is letters, then white space.
	e := i
	for e < len(s) && isLetter(s[e]) {
		e++
	}
	var phrases []string
	if e < len(s) && (s[e] == ' ' || s[e] == '\t' || s[e] == '\n' || s[e] == '\r') && isUpper(first) {
		phrases = multiWordTagsBy[first-'A']
	}
	for _, ph := range phrases {
		if n := matchPhrase(s, i, ph); n > 0 && tagBoundaryAt(s, i+n) {
			return ph, n
		}
	}
	w1 := tagWordEnd(s, i)
	n := skipTagSpace(s, w1)
	if n == w1 {
		return "", 0
	}
	w2 := tagWordEnd(s, n)
	switch {
	case strings.EqualFold(s[i:w1], "TIP") && strings.EqualFold(s[n:w2], "IN"):
	case strings.EqualFold(s[n:w2], "AND") && w1 > i && isLetter(s[i]):
	default:
		return "", 0
	}
	m := skipTagSpace(s, w2)
	w3 := tagWordEnd(s, m)
	if m == w2 || w3 == m || !isLetter(s[m]) {
		return "", 0
	}
	return strings.ToUpper(s[i:w1] + " " + s[n:w2] + " " + s[m:w3]), w3 - i
}

// matchPhrase returns the length of s[i:] that spells phrase, ignoring
// case, a space in phrase standing for any run of white space; else 0.
func matchPhrase(s string, i int, phrase string) int {
	j := i
	for k := 0; k < len(phrase); k++ {
		if phrase[k] == ' ' {
			n := skipTagSpace(s, j)
			if n == j {
				return 0
			}
			j = n
			continue
		}
		if j >= len(s) || toUpper(s[j]) != phrase[k] {
			return 0
		}
		j++
	}
	return j - i
}

// skipTagSpace returns the index after the white space at s[i].
func skipTagSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// tagBoundaryAt reports whether a multi-word tag may end at s[k]: at the
// end of a word, or before a glued tag the fix table or TagKind knows.
func tagBoundaryAt(s string, k int) bool {
	e := tagWordEnd(s, k)
	if e == k {
		return true
	}
	return isKnownTag(s[k:e])
}

// multiWordTags are the known multi-word tags, longest first, as cablemap
// tokenises them; the person names among them get their comma from
// [tagFixes].
var multiWordTags = [...]string{
	"MEDIA REACTION REPORT",
	"ISRAELI PALESTINIAN AFFAIRS",
	"POLITICS FOREIGN POLICY",
	"ITALY NATIONAL ELECTIONS",
	"MEETINGS WITH AMBASSADOR",
	"GOI EXTERNAL",
	"GOI INTERNAL",
	"POLITICAL PARTIES",
	"MEDIA REACTION",
	"USEU BRUSSELS",
	"MILITARY RELATIONS",
	"ISRAEL RELATIONS",
	"COUNTRY CLEARANCE",
	"CROS GERARD",
	"ROOD JOHN",
	"NEW ZEALAND",
	"DOMESTIC POLITICS",
	"ITALIAN POLITICS",
	"IRAQI FREEDOM",
	"GLOBAL DEFENSE",
	"NOVO GUILLERMO",
	"REMON PEDRO",
	"JIMENEZ GASPAR",
	"CONSULAR AFFAIRS",
	"ECONOMIC AFFAIRS",
	"HUMAN RIGHTS",
	"BUSH GEORGE",
	"CARSON JOHNNIE",
	"ZOELLICK ROBERT",
	"GAZA DISENGAGEMENT",
	"COUNTER TERRORISM",
	"CLINTON HILLARY",
	"STEINBERG JAMES",
	"BIDEN JOSEPH",
	"RICE CONDOLEEZZA",
	"FOREIGN POL",
	"PTER MARR",
	"ECON KISL",
}

// multiWordTagsBy holds multiWordTags by first letter, in their order.
var multiWordTagsBy = func() (by [26][]string) {
	for _, ph := range multiWordTags {
		by[ph[0]-'A'] = append(by[ph[0]-'A'], ph)
	}
	return by
}()

// tagFixes maps a tag as written to the tags it stands for: typos, person
// names without their comma, and tags glued together. It is cablemap's fix
// table (reader._TAG_FIXES, github.com/heuer/cablemap, BSD licence, see
// stations.go), with the expected values of its HEAD tests (BUSH GEORGE is
// BUSH, GEORGE W.); the cable each was seen in is in cablemap's source.
var tagFixes = map[string][]string{
	"CLINTON HILLARY":                    {"CLINTON, HILLARY"},
	"STEINBERG JAMES":                    {"STEINBERG, JAMES B."},
	"BIDEN JOSEPH":                       {"BIDEN, JOSEPH"},
	"ZOELLICK ROBERT":                    {"ZOELLICK, ROBERT"},
	"RICE CONDOLEEZZA":                   {"RICE, CONDOLEEZZA"},
	"CARSON JOHNNIE":                     {"CARSON, JOHNNIE"},
	"BUSH GEORGE":                        {"BUSH, GEORGE W."},
	"ROOD JOHN":                          {"ROOD, JOHN"},
	"CROS GERARD":                        {"CROS, GERARD"},
	"NOVO GUILLERMO":                     {"NOVO, GUILLERMO"},
	"REMON PEDRO":                        {"REMON, PEDRO"},
	"JIMENEZ GASPAR":                     {"JIMENEZ, GASPAR"},
	"COUNTER TERRORISM":                  {"COUNTERTERRORISM"},
	"MOPPS":                              {"MOPS"},
	"POGOV":                              {"PGOV"},
	"RU":                                 {"RS"},
	"SYR":                                {"SY"},
	"UNDESCO":                            {"UNESCO"},
	"KWWMN":                              {"KWMN"},
	"RUPREL":                             {"RS", "PREL"},
	"ITPHUM":                             {"IT", "PHUM"},
	"ITPGOV":                             {"IT", "PGOV"},
	"NATOPREL":                           {"NATO", "PREL"},
	"SPCVIS":                             {"SP", "CVIS"},
	"MASSMNUC":                           {"MASS", "MNUC"},
	"KNNPMNUC":                           {"KNNP", "MNUC"},
	"PTER MARR":                          {"PTER", "MARR"},
	"PHUMPGOV":                           {"PHUM", "PGOV"},
	"PHUMPREL":                           {"PHUM", "PREL"},
	"VTPREL":                             {"VT", "PREL"},
	"VEPREL":                             {"VE", "PREL"},
	"PRELPK":                             {"PREL", "PK"},
	"PRELBR":                             {"PREL", "BR"},
	"PBTSRU":                             {"PBTS", "RS"},
	"PGOVSOCI":                           {"PGOV", "SOCI"},
	"NATOIRAQ":                           {"NATO", "IRAQ"},
	"ECONCS":                             {"ECON", "CS"},
	"PGOVLO":                             {"PGOV", "LO"},
	"SNARCS":                             {"SNAR", "CS"},
	"ECINECONCS":                         {"ECIN", "ECON", "CS"},
	"EFINECONCS":                         {"EFIN", "ECON", "CS"},
	"KWMNCS":                             {"KWMN", "CS"},
	"EINDETRD":                           {"EIND", "ETRD"},
	"ETRDEINVTINTCS":                     {"ETRD", "EINV", "TINT", "CS"},
	"SNARIZ":                             {"SNAR", "IZ"},
	"KPAONZ":                             {"KPAO", "NZ"},
	"ELTNSNAR":                           {"ELTN", "SNAR"},
	"SENVKGHG":                           {"SENV", "KGHG"},
	"ECON KISL":                          {"ECON", "KISL"},
	"UNFCYP":                             {"UNFICYP"},
	"OVIPPRELUNGANU":                     {"OVIP", "PREL", "UNGA", "NU"},
	"ECONEFIN":                           {"ECON", "EFIN"},
	"ETRDECONWTOCS":                      {"ETRD", "ECON", "WTO", "CS"},
	"SENVEAGREAIDTBIOECONSOCIXR":         {"SENV", "EAGR", "EAID", "TBIO", "ECON", "SOCI", "XR"},
	"ECONSOCIXR":                         {"ECON", "SOCI", "XR"},
	"EINVECONSENVCSJA":                   {"EINV", "ECON", "SENV", "CS", "JA"},
	"EINVKSCA":                           {"EINV", "KSCA"},
	"PHUMBA":                             {"PHUM", "BA"},
	"ETRDEINVECINPGOVCS":                 {"ETRD", "EINV", "ECIN", "PGOV", "CS"},
	"AMEDCASCKFLO":                       {"AMED", "CASC", "KFLO"},
	"KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG": {"KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"},
	"ASECKFRDCVISKIRFPHUMSMIGEG":         {"ASEC", "KFRD", "CVIS", "KIRF", "PHUM", "SMIG", "EG"},
	"KFRDCVISCMGTCASCKOCIASECPHUMSMIGEG": {"KFRD", "CVIS", "CMGT", "CASC", "KOCI", "ASEC", "PHUM", "SMIG", "EG"},
	"PGOVSMIGKCRMKWMNPHUMCVISKFRDCA":     {"PGOV", "SMIG", "KCRM", "KWMN", "PHUM", "CVIS", "KFRD", "CA"},
	"KPAOPREL":                           {"KPAO", "PREL"},
	"POLMIL":                             {"POL", "MIL"},
	"IZPREL":                             {"IZ", "PREL"},
}
