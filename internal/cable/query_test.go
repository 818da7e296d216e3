package cable_test

import (
	"strings"
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

// TestParseQueryBounds checks that a query past a bound is refused with an
// Invalid error that names the bound, and that one at the bound parses.
func TestParseQueryBounds(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("w ", n)) }
	nested := func(n int) string { return strings.Repeat("(", n) + "w" + strings.Repeat(")", n) }
	tests := []struct {
		name, in string
		want     string // a part of the error's message; "" for none
	}{
		{"64 terms", words(cable.MaxQueryTerms), ""},
		{"65 terms", words(cable.MaxQueryTerms + 1), "65 terms, more than the 64 allowed"},
		{"200-term OR", strings.Repeat("w OR ", 199) + "w", "200 terms"},
		{"operators are not terms", strings.Repeat("w AND ", 63) + "w", ""},
		{"1000 bytes", strings.Repeat("a", cable.MaxQueryBytes), ""},
		{"1001 bytes", strings.Repeat("a", cable.MaxQueryBytes+1), "1001 bytes, more than the 1000 allowed"},
		{"16 deep", nested(cable.MaxQueryDepth), ""},
		{"17 deep", nested(cable.MaxQueryDepth + 1), "more than 16 deep"},
		{"17 deep unclosed", strings.Repeat("(", 500), "more than 16 deep"},
		{"NUL", "iran\x00china", "control character U+0000 at column 5"},
		{"escape", "iran \x1b[31m", "control character U+001B at column 6"},
		{"not UTF-8", "caf\xe9", "byte 0xe9 at column 4 is not UTF-8"},
		{"replacement character is text", "caf\uFFFD", ""},
		{"tabs and line breaks are spaces", "iran\t\r\nchina", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cable.ParseQuery(tt.in)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ParseQuery: %v, want no error", err)
				}
				return
			}
			if cable.KindOf(err) != cable.Invalid || !strings.Contains(cable.MessageOf(err), tt.want) {
				t.Fatalf("ParseQuery error = %v, want an Invalid error saying %q", err, tt.want)
			}
		})
	}
}
