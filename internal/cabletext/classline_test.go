package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// TestParseClassLine reads each level as the archive spells it. The corpus
// holds no TOP SECRET cable, so nothing else would notice TOP SECRET read
// as SECRET (the letters of one hold the other).
func TestParseClassLine(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       cable.ClassLine
	}{
		{"Unclas", "UNCLAS STATE 000001", cable.ClassLine{Level: "UNCLASSIFIED", Station: "STATE", Serial: "000001"}},
		{"UnclasEFTO", "UNCLAS E F T O STATE 000001", cable.ClassLine{Level: "UNCLASSIFIED", EFTO: true, Station: "STATE", Serial: "000001"}},
		{"Confidential", "C O N F I D E N T I A L SECTION 01 OF 02 ROME 000123",
			cable.ClassLine{Level: "CONFIDENTIAL", Section: 1, Sections: 2, Station: "ROME", Serial: "000123"}},
		{"Secret", "S E C R E T STATE 159388", cable.ClassLine{Level: "SECRET", Station: "STATE", Serial: "159388"}},
		{"TopSecretSpaced", "T O P S E C R E T STATE 000002", cable.ClassLine{Level: "TOP SECRET", Station: "STATE", Serial: "000002"}},
		{"SecretPlain", "SECRET STATE 000003", cable.ClassLine{Level: "SECRET", Station: "STATE", Serial: "000003"}},
		// NARA's 1970s telegrams open with the class word alone.
		{"BareConfidential", "CONFIDENTIAL", cable.ClassLine{Level: "CONFIDENTIAL"}},
		{"BareTopSecret", "TOP SECRET", cable.ClassLine{Level: "TOP SECRET"}},
		{"BareLimitedOfficialUse", "LIMITED OFFICIAL USE", cable.ClassLine{Level: "LIMITED OFFICIAL USE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := parseClassLine(tc.line + "\n")
			got.Raw = ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parseClassLine(%q) (-want +got):\n%s", tc.line, diff)
			}
		})
	}
}

// TestFindBareClassLine checks that a class word alone on its line is the
// class line of a telegram that has no other (NARA's 1970s telegrams), and
// that a regular class line wins over one: archived copies repeat the
// class word alone as a page trailer.
func TestFindBareClassLine(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"Confidential", "CONFIDENTIAL\n\nE.O. 11652: GDS\nTAGS: PFOR, FR\n\n1. (C) TEXT.\nRUSH\n", "CONFIDENTIAL"},
		{"Secret", "SECRET\n\n1. (S) TEXT.\n", "SECRET"},
		{"LimitedOfficialUse", "LIMITED OFFICIAL USE\n\n1. TEXT.\n", "LIMITED OFFICIAL USE"},
		{"RegularLineWins", "CONFIDENTIAL\nC O N F I D E N T I A L ROME 000123\n\n1. (C) TEXT.\n", "C O N F I D E N T I A L ROME 000123"},
		{"NotInText", "1. THE WORD\nSECRETARY\n", ""},
		{"NotATrailer", "4. TEXT.\nSTEIGMAN\nCONFIDENTIAL\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ParseString(tc.body)
			if c.Text.Class.Raw != tc.want {
				t.Errorf("class line of %q = %q, want %q", tc.body, c.Text.Class.Raw, tc.want)
			}
		})
	}
}
