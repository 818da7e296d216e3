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
