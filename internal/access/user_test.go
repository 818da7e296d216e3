package access_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

func TestReaderOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		u    *cable.User
		want access.Reader
	}{
		{"nil is the zero reader", nil, access.Reader{}},
		{"US secret", &cable.User{Clearance: "SECRET", Citizenship: "USA", Posts: []string{"AMEMBASSY BEIJING"}, ReadIns: []string{"NODIS", "exdis"}},
			access.Reader{Clearance: marking.Secret, Citizenship: "USA", Posts: []string{"AMEMBASSY BEIJING"},
				ReadIns: []marking.Caption{marking.NODIS, marking.EXDIS}}},
		{"unreadable values fail closed", &cable.User{Clearance: "HIGH", Citizenship: "GBR", ReadIns: []string{"MAGIC"}},
			access.Reader{Clearance: marking.Unclassified, Citizenship: "GBR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, access.ReaderOf(tt.u)); diff != "" {
				t.Errorf("ReaderOf (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateUserName checks the rules for a new user's name; each
// refusal says what is wrong where.
func TestValidateUserName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string // want is the error's message; "" for none
	}{
		{"plain", "jsmith", ""},
		{"dots, dashes and digits", "j.smith-2", ""},
		{"accents", "élodie", ""},
		{"empty", "", "user name is empty: want a name such as jsmith"},
		{"leading space", " admin", `user name " admin": ' ' at column 1: want a name without spaces, ':' or '/'`},
		{"trailing space", "admin ", `user name "admin ": ' ' at column 6: want a name without spaces, ':' or '/'`},
		{"no-break space", "ad\u00a0min", `user name "ad\u00a0min": '\u00a0' at column 3: want a name without spaces, ':' or '/'`},
		{"colon", "a:b", `user name "a:b": ':' at column 2: want a name without spaces, ':' or '/'`},
		{"right-to-left override", "admin\u202egpj", `user name "admin\u202egpj": bidirectional control U+202E at column 6: want a name that shows as it is stored`},
		{"left-to-right embedding", "\u202aadmin", `user name "\u202aadmin": bidirectional control U+202A at column 1: want a name that shows as it is stored`},
		{"isolate", "ad\u2066min", `user name "ad\u2066min": bidirectional control U+2066 at column 3: want a name that shows as it is stored`},
		{"pop isolate", "admin\u2069", `user name "admin\u2069": bidirectional control U+2069 at column 6: want a name that shows as it is stored`},
		{"right-to-left mark", "admin\u200f", `user name "admin\u200f": bidirectional control U+200F at column 6: want a name that shows as it is stored`},
		{"NUL", "ad\x00min", `user name "ad\x00min": unprintable character U+0000 at column 3`},
		{"escape", "\x1b[31madmin", `user name "\x1b[31madmin": unprintable character U+001B at column 1`},
		{"zero-width space", "ad\u200bmin", `user name "ad\u200bmin": unprintable character U+200B at column 3`},
		{"not UTF-8", "ad\xffmin", `user name "ad\xffmin" is not UTF-8 text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := access.ValidateUserName(tt.in)
			got := ""
			if err != nil {
				got = cable.MessageOf(err)
				if cable.KindOf(err) != cable.Invalid {
					t.Errorf("error kind = %v, want Invalid", cable.KindOf(err))
				}
			}
			if got != tt.want {
				t.Errorf("ValidateUserName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	u := &cable.User{Name: "admin\u202e", Clearance: "SECRET", Citizenship: "USA"}
	if err := access.ValidateUser(u); cable.KindOf(err) != cable.Invalid {
		t.Errorf("ValidateUser(%q) = %v, want Invalid", u.Name, err)
	}
	if err := access.ValidateUserUpdate(u); err != nil {
		t.Errorf("ValidateUserUpdate of a user whose name predates the rules = %v, want nil", err)
	}
}
