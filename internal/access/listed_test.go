package access_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
)

func TestListBanner(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, published string
		cols            access.Columns
		declassified    time.Time
		want            string
	}{
		{"paragraphs add NOFORN", "SECRET", access.Columns{Level: 2, NoForn: true}, time.Time{}, "SECRET//NOFORN"},
		{"published NOFORN kept", "SECRET//NOFORN", access.Columns{Level: 2}, time.Time{}, "SECRET//NOFORN"},
		{"REL TO from the columns", "CONFIDENTIAL", access.Columns{Level: 1, Rel: ",USA,GBR,"}, time.Time{}, "CONFIDENTIAL//REL TO USA, GBR"},
		{"higher level from the portions", "CONFIDENTIAL", access.Columns{Level: 2}, time.Time{}, "SECRET"},
		{"declassified", "SECRET//NOFORN", access.Columns{Level: 2, NoForn: true}, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "UNCLASSIFIED"},
		{"declassification to come", "SECRET", access.Columns{Level: 2}, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), "SECRET"},
		{"unreadable, nothing to add", "SEKRIT", access.Columns{Level: 9}, time.Time{}, "SEKRIT"},
		{"unreadable, columns NOFORN", "SEKRIT", access.Columns{Level: 2, NoForn: true}, time.Time{}, "SECRET//NOFORN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := access.ListBanner(tc.published, tc.cols, tc.declassified, now); got != tc.want {
				t.Errorf("ListBanner(%q, %+v) = %q, want %q", tc.published, tc.cols, got, tc.want)
			}
		})
	}
}

func TestVisibleBanner(t *testing.T) {
	for _, tc := range []struct {
		name string
		cols []access.Columns
		want string
	}{
		{"none", nil, "UNCLASSIFIED"},
		{"plain", []access.Columns{{Plain: true}}, "UNCLASSIFIED"},
		{"NOFORN paragraph rolls up", []access.Columns{{Level: 2}, {Level: 1, NoForn: true}}, "SECRET//NOFORN"},
		{"REL TO kept alone", []access.Columns{{Level: 1, Rel: ",USA,GBR,"}}, "CONFIDENTIAL//REL TO USA, GBR"},
		{"REL TO intersected", []access.Columns{{Level: 2, Rel: ",USA,GBR,CAN,"}, {Level: 1, Rel: ",USA,GBR,"}}, "SECRET//REL TO USA, GBR"},
		{"NOFORN wins over REL TO", []access.Columns{{Level: 1, Rel: ",USA,GBR,"}, {Level: 1, NoForn: true}}, "CONFIDENTIAL//NOFORN"},
		{"unclassified and REL TO", []access.Columns{{Plain: true}, {Level: 2, Rel: ",USA,CHN,"}}, "SECRET//REL TO USA, CHN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := access.VisibleBanner(tc.cols); got != tc.want {
				t.Errorf("VisibleBanner(%+v) = %q, want %q", tc.cols, got, tc.want)
			}
		})
	}
}
