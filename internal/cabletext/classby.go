package cabletext

import (
	"strings"

	"github.com/cable/cable/internal/cable"
)

// classifiedByAt returns the length of a "Classified By" keyword at the
// start of s ("Classified By:", "CLASSIFIED BY", "(U) Classified by",
// "Classified By: Classified by"), or 0.
func classifiedByAt(s string) int {
	i := 0
	if strings.HasPrefix(s, "(U) ") || strings.HasPrefix(s, "(U)") {
		i = len("(U)")
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

// parseClassifiedBy reads the text after the keyword: the authority, then
// the reasons. "ISN Acting DAS Richard Stratford. Reasons: 1.4(b) & (d)."
func parseClassifiedBy(s string) cable.ClassifiedBy {
	s = foldSpace(s)
	var cb cable.ClassifiedBy
	end := authorityEnd(s)
	cb.Authority = strings.TrimRight(trimSpace(s[:end]), ",.;:")
	cb.Reasons = parseReasons(s[end:])
	if n := personName(cb.Authority); n != "" {
		cb.Names = []string{n}
	}
	return cb
}

// authorityEnd finds where the authority stops and the reasons begin.
func authorityEnd(s string) int {
	end := len(s)
	for _, w := range []string{"FOR REASON", "REASON", "E.O.", "EO 1", "1.4", "1.5", "1. 4", "1. 5", "1/4", "UNDER "} {
		if k := indexFold(s, w); k >= 0 && k < end {
			end = k
		}
	}
	return end
}

// parseReasons reads the E.O. 12958 sections cited: "1.4 (b) and (d)",
// "1.4(b/d)", "1.5 (B,D)", "1.4 b,d". Each is returned as "1.4(b)".
func parseReasons(s string) []string {
	var out []string
	section := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '1' && i+2 < len(s) && (s[i+1] == '.' || s[i+1] == '/') {
			j := i + 2
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && (s[j] == '4' || s[j] == '5' || s[j] == '6') {
				section = "1." + s[j:j+1]
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
		r := section + "(" + string(l) + ")"
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
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
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return trimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// titleWords are words of office that precede a classifier's name.
var titleWords = map[string]bool{
	"AMBASSADOR": true, "AMB": true, "ACTING": true, "DEPUTY": true, "CHIEF": true, "OF": true,
	"MISSION": true, "DCM": true, "CDA": true, "CHARGE": true, "CHARGÉ": true, "D'AFFAIRES": true,
	"A.I.": true, "AI": true, "POLITICAL": true, "ECONOMIC": true, "COUNSELOR": true, "COUNSELLOR": true,
	"POLOFF": true, "ECONOFF": true, "OFFICER": true, "CONSUL": true, "GENERAL": true, "PRINCIPAL": true,
	"DIRECTOR": true, "DAS": true, "A/S": true, "ASSISTANT": true, "SECRETARY": true, "MINISTER": true,
	"FOR": true, "AFFAIRS": true, "SECTION": true, "HEAD": true, "THE": true, "AND": true, "UNDER": true,
	"SPECIAL": true, "ENVOY": true, "REPRESENTATIVE": true, "COORDINATOR": true, "ADVISOR": true,
}

// personName takes the person's name from an authority: the trailing
// words that are not words of office ("ISN Acting DAS Richard Stratford" →
// "Richard Stratford"). It keeps the name as written.
func personName(auth string) string {
	if k := strings.IndexByte(auth, ','); k > 0 {
		if head := trimSpace(auth[:k]); len(strings.Fields(head)) >= 2 {
			auth = head // "Rose E. Gottemoeller, Assistant Secretary, …"
		}
	}
	fs := strings.Fields(auth)
	start := len(fs)
	for start > 0 {
		w := strings.TrimRight(fs[start-1], ".,;:")
		up := strings.ToUpper(w)
		if titleWords[up] || titleWords[strings.ToUpper(fs[start-1])] {
			break
		}
		if w == up && len(w) > 1 && !isAllCapsText(fs) && !strings.HasSuffix(fs[start-1], ".") {
			break // an office acronym in mixed-case text: ISN, EAP
		}
		start--
	}
	return strings.Join(fs[start:], " ")
}

// isAllCapsText reports whether the words are all upper case, in which
// case case tells nothing about what is a name.
func isAllCapsText(fs []string) bool {
	for _, f := range fs {
		if strings.ToUpper(f) != f {
			return false
		}
	}
	return true
}
