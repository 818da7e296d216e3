package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSnippet(t *testing.T) {
	long := "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen. " +
		"The Ambassador demarched the Foreign Ministry on talking points about the satellite test, and left."
	tests := []struct {
		name          string
		terms         []string
		text          string
		want          string
		terms1, count int
	}{
		{"word, stemmed", []string{`"talk"`}, "We talked about talks.", "We [talked] about [talks].", 1, 2},
		{"none", []string{`"absent"`}, "We talked.", "", 0, 0},
		{"prefix", []string{`"satel"*`}, "A satellite, satellites.", "A [satellite], [satellites].", 1, 2},
		{"phrase in order only", []string{`"foreign ministry"`}, "Ministry foreign; the Foreign Ministry.", "Ministry foreign; the [Foreign] [Ministry].", 1, 1 * 2},
		{"window and ellipses", []string{`"demarche"`, `"satellite"`}, long,
			"…eighteen. The Ambassador [demarched] the Foreign Ministry on talking points about the [satellite] test, and left.", 2, 2},
		{"marks kept", []string{`"slug"`}, "(U) A slug, here.", "(U) A [slug], here.", 1, 1},
		{"diacritics fold", []string{`"resume"`}, "Le résumé.", "Le [résumé].", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, terms, n := NewMatcher(tt.terms).Snippet(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" || terms != tt.terms1 || n != tt.count {
				t.Errorf("Snippet(%q) = %q, %d terms, %d matches; want %d, %d (-want +got):\n%s", tt.text, got, terms, n, tt.terms1, tt.count, diff)
			}
		})
	}
}
