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
