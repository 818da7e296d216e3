package cable

import (
	"errors"
	"fmt"
	"testing"
)

func TestImportErrors(t *testing.T) {
	noID := &ImportError{Index: 2, Err: Errorf(Invalid, "cable has no id")}
	full := &ImportError{Index: 4, ID: "07STATE1", Err: Errorf(Conflict, "minute full")}
	tests := []struct {
		name    string
		err     error
		msg     string
		refused int
		stored  bool
		kind    Kind
	}{
		{"none", ImportErrors(nil).Err(), "", 0, false, Internal},
		{"one without id", ImportErrors{noID}.Err(), "cable 3 of the batch: cable has no id", 1, true, Invalid},
		{"two, wrapped", fmt.Errorf("import: %w", ImportErrors{full, noID}),
			"import: cable 07STATE1: minute full (2 cables refused in all)", 2, true, Conflict},
		{"another error", errors.New("disk full"), "disk full", 0, false, Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				if tt.msg != "" {
					t.Fatalf("err = nil, want %q", tt.msg)
				}
				return
			}
			if tt.err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.msg)
			}
			es, ok := RefusedIn(tt.err)
			if len(es) != tt.refused || ok != tt.stored {
				t.Errorf("RefusedIn = %d refused, %v; want %d, %v", len(es), ok, tt.refused, tt.stored)
			}
			if k := KindOf(tt.err); k != tt.kind {
				t.Errorf("KindOf = %v, want %v", k, tt.kind)
			}
		})
	}
}
