package password

import (
	"strings"
	"testing"
)

func TestHashCheck(t *testing.T) {
	t.Parallel()
	h, err := Hash("cable-demo", 1000)
	if err != nil || !strings.HasPrefix(h, "pbkdf2-sha256$1000$") {
		t.Fatalf("Hash = %q, %v", h, err)
	}
	tests := []struct {
		name, stored, pw string
		want             bool
	}{
		{"right", h, "cable-demo", true},
		{"wrong", h, "cable-demO", false},
		{"not a hash", "plain", "plain", false},
		{"bad salt", "pbkdf2-sha256$1000$zz$00", "x", false},
	}
	for _, tt := range tests {
		if got := Check(tt.stored, tt.pw); got != tt.want {
			t.Errorf("%s: Check = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewToken(t *testing.T) {
	t.Parallel()
	a, ha := NewToken()
	b, _ := NewToken()
	if a == b || !strings.HasPrefix(a, "cbl_") || ha != TokenHash(a) || ha == a {
		t.Errorf("NewToken = %q (hash %q), %q", a, ha, b)
	}
}
