package cable_test

import (
	"testing"

	"github.com/cable/cable/internal/cable"
)

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
			n, err := cable.ParseQuery(tt.in)
			if tt.err {
				if cable.KindOf(err) != cable.Invalid {
					t.Fatalf("ParseQuery(%q) error = %v, want an Invalid error", tt.in, err)
				}
				return
			}
			if err != nil || n.String() != tt.want {
				t.Errorf("ParseQuery(%q) = %v, %v, want %q", tt.in, n, err, tt.want)
			}
		})
	}
	if n, err := cable.ParseQuery("  "); n != nil || err != nil {
		t.Errorf("ParseQuery(blank) = %v, %v, want nil, nil", n, err)
	}
}
