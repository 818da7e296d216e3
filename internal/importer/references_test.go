package importer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

func TestCheckReferences(t *testing.T) {
	c := &cable.Cable{Text: cable.Text{References: []cable.Reference{
		{Text: "STATE 41234", ID: "09STATE41234"}, {Text: "CAIRO 877", ID: "09CAIRO877"}, {Text: "TELCON"}}}}
	for _, tc := range []struct {
		name string
		refs []string
		want []string
	}{
		{"none listed", nil, nil},
		{"all in the text", []string{"09STATE41234", "09CAIRO877"}, nil},
		{"zero-padded serial", []string{"09CAIRO000877"}, nil},
		{"one missing", []string{"09STATE41234", "09AMMAN5"},
			[]string{"the layout lists reference 09AMMAN5, which the text's REF field does not give"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, w := range CheckReferences(c, tc.refs) {
				if w.Field != "references" {
					t.Errorf("warning of field %q, want references", w.Field)
				}
				got = append(got, w.Message)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("CheckReferences(%q) (-want +got):\n%s", tc.refs, diff)
			}
		})
	}
}
