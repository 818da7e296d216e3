package main

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/quality"
)

// qualityFilter sets q's data-quality filter from --quality, or from a
// quality:KIND term in the words, which it takes out of them (as the
// server's quality parameter does).
func qualityFilter(q *cable.SearchQuery, flag string) error {
	var kind string
	q.Text, kind = cable.CutQuality(q.Text)
	if flag != "" {
		kind = strings.ToLower(flag)
	}
	if kind != "" && !quality.IsKind(kind) {
		return usageError(fmt.Sprintf("--quality %q: want one of %s", kind, strings.Join(quality.Kinds, ", ")))
	}
	q.Quality = kind
	return nil
}
