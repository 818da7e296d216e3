package marking

import (
	"errors"
	"testing"
)

func TestParseCaption(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		want        Caption
		restrictive bool
		err         error
	}{
		{"SIPDIS", SIPDIS, false, nil},
		{" sipdis ", SIPDIS, false, nil},
		{"NODIS", NODIS, true, nil},
		{"EXDIS", EXDIS, true, nil},
		{"LIMDIS", LIMDIS, true, nil},
		{"STADIS", STADIS, true, nil},
		{"CHEROKEE", CHEROKEE, true, nil},
		{"NOFORN", 0, false, ErrUnknownCaption},
		{"", 0, false, ErrUnknownCaption},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseCaption(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("ParseCaption(%q) error = %v, want %v", tc.in, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("ParseCaption(%q) = %v, want %v", tc.in, got, tc.want)
			}
			if got.Restrictive() != tc.restrictive {
				t.Errorf("%v.Restrictive() = %v, want %v", got, got.Restrictive(), tc.restrictive)
			}
			if err == nil && got.String() != tc.want.String() {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
	if got := Caption(0).String(); got != "Caption(0)" {
		t.Errorf("Caption(0).String() = %q, want %q", got, "Caption(0)")
	}
}

// TestCheckCaptions checks MARKINGS.md §5: a SIPDIS cable may not also
// carry NODIS or EXDIS.
func TestCheckCaptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		caps []Caption
		msg  string // "" for no error
	}{
		{"none", nil, ""},
		{"SIPDIS", []Caption{SIPDIS}, ""},
		{"SIPDIS twice", []Caption{SIPDIS, SIPDIS}, ""},
		{"NODIS alone", []Caption{NODIS}, ""},
		{"NODIS EXDIS", []Caption{NODIS, EXDIS}, ""},
		{"SIPDIS LIMDIS", []Caption{SIPDIS, LIMDIS}, ""},
		{"SIPDIS STADIS", []Caption{SIPDIS, STADIS}, ""},
		{"SIPDIS NODIS", []Caption{SIPDIS, NODIS}, "captions SIPDIS and NODIS: SIPDIS may not be combined with NODIS or EXDIS"},
		{"EXDIS SIPDIS", []Caption{EXDIS, SIPDIS}, "captions SIPDIS and EXDIS: SIPDIS may not be combined with NODIS or EXDIS"},
		{"SIPDIS NODIS EXDIS NODIS", []Caption{SIPDIS, NODIS, EXDIS, NODIS}, "captions SIPDIS and NODIS and EXDIS: SIPDIS may not be combined with NODIS or EXDIS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckCaptions(tc.caps)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("CheckCaptions(%v) = %v, want nil", tc.caps, err)
				}
				return
			}
			if !errors.Is(err, ErrCaptionConflict) {
				t.Fatalf("CheckCaptions(%v) = %v, want %v", tc.caps, err, ErrCaptionConflict)
			}
			if err.Error() != tc.msg {
				t.Errorf("CheckCaptions(%v) = %q, want %q", tc.caps, err, tc.msg)
			}
		})
	}
}
