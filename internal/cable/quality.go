package cable

import (
	"regexp"
	"strings"
)

// qualityTerm is a data-quality filter written in a query's text:
// "quality:unreadable-mark".
var qualityTerm = regexp.MustCompile(`(?i)(?:^|\s)quality:(\S*)`)

// CutQuality takes a "quality:KIND" term out of a query's text and returns
// the rest and the kind (lower case; "" when there is none), so that the
// search box takes the filter as the quality= parameter does. The last
// such term wins.
func CutQuality(text string) (rest, kind string) {
	for _, m := range qualityTerm.FindAllStringSubmatch(text, -1) {
		kind = strings.ToLower(m[1])
	}
	rest = strings.TrimSpace(qualityTerm.ReplaceAllString(text, " "))
	return rest, kind
}
