package cabletext

import (
	"strings"

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
