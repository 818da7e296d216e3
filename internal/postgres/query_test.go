package postgres

import (
	"testing"
)

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
