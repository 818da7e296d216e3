package postgres

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// TestParser_SameAsSQLite checks that the query parser is still the copy
// of sqlite's that query.go says it is, so that the two stores keep one
// query language.
func TestParser_SameAsSQLite(t *testing.T) {
	const from, to = "// node is a parsed query", "\n// tsConfig is"
	mine, err := os.ReadFile("query.go")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile(filepath.Join("..", "sqlite", "query.go"))
	if err != nil {
		t.Fatal(err)
	}
	m, s := string(mine), string(theirs)
	i, j := strings.Index(m, from), strings.Index(m, to)
	k := strings.Index(s, from)
	if i < 0 || j < 0 || k < 0 {
		t.Fatalf("query.go files no longer have the markers %q and %q", from, to)
	}
	if strings.TrimSpace(m[i:j]) != strings.TrimSpace(s[k:]) {
		t.Errorf("the parser in query.go differs from sqlite/query.go's: copy it again (from %q to the end)", from)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            bool
	}{
		{"word", "iran", `"iran"`, false},
		{"implicit and", "iran china", `("iran" AND "china")`, false},
		{"phrase", `"arms transfer" iran`, `("arms transfer" AND "iran")`, false},
		{"or binds loosest", "a b OR c", `(("a" AND "b") OR "c")`, false},
		{"not", "iran NOT iraq", `("iran" NOT "iraq")`, false},
		{"parens", "(iran OR iraq) arms", `(("iran" OR "iraq") AND "arms")`, false},
		{"prefix", "prolif*", `"prolif"*`, false},
		{"syntax chars are words", `a:b^c`, `"a:b^c"`, false},
		{"leading not", "NOT iran", "", true},
		{"unbalanced", "(iran", "", true},
		{"stray paren", "iran)", "", true},
		{"unclosed quote", `"iran`, "", true},
		{"trailing operator", "iran OR", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parseQuery(tt.in)
			if tt.err {
				if cable.KindOf(err) != cable.Invalid {
					t.Fatalf("parseQuery(%q) error = %v, want an Invalid error", tt.in, err)
				}
				return
			}
			if err != nil || n.String() != tt.want {
				t.Errorf("parseQuery(%q) = %v, %v, want %q", tt.in, n, err, tt.want)
			}
		})
	}
}

func TestTsquerySQL(t *testing.T) {
	tests := []struct {
		term, expr, value string
	}{
		{`"iran"`, "phraseto_tsquery('cable', cable_words(@t))", "iran"},
		{`"arms transfer"`, "phraseto_tsquery('cable', cable_words(@t))", "arms transfer"},
		{`"say ""no"""`, "phraseto_tsquery('cable', cable_words(@t))", `say "no"`},
		{`"prolif"*`, "to_tsquery('cable', @t)", "'prolif':*"},
		{`"arms tran"*`, "to_tsquery('cable', @t)", "'arms' <-> 'tran':*"},
		{`"a:b'c"*`, "to_tsquery('cable', @t)", "'a' <-> 'b' <-> 'c':*"},
		{`"--"*`, "phraseto_tsquery('cable', @t)", ""},
		{`"minister’s café"*`, "to_tsquery('cable', @t)", "'minister' <-> 's' <-> 'café':*"},
	}
	for _, tt := range tests {
		expr, value := tsquerySQL(tt.term, "t")
		if expr != tt.expr || value != tt.value {
			t.Errorf("tsquerySQL(%s) = %s, %q, want %s, %q", tt.term, expr, value, tt.expr, tt.value)
		}
	}
}

func TestEllipsize(t *testing.T) {
	const text = "The embassy will [slug] replies to EAP."
	tests := []struct{ snip, want string }{
		{"The embassy will [[slug]] replies to EAP.", "The embassy will [[slug]] replies to EAP."},
		{"embassy will [slug] replies", "…embassy will [slug] replies…"},
		{"The embassy will [slug]", "The embassy will [slug]…"},
		{"[slug] replies to EAP.", "…[slug] replies to EAP."},
	}
	for _, tt := range tests {
		if got := ellipsize(tt.snip, text); got != tt.want {
			t.Errorf("ellipsize(%q) = %q, want %q", tt.snip, got, tt.want)
		}
	}
}
