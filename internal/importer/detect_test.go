package importer

import (
	"os"
	"testing"
)

func TestDetectCSV(t *testing.T) {
	cables, err := os.ReadFile("testdata/cables.csv")
	if err != nil {
		t.Fatal(err)
	}
	nara, err := os.ReadFile("testdata/nara.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		head string
		want Format
	}{
		{"cables.csv", string(cables), CablegateCSV},
		{"nara.csv", string(nara), NARACSV},
		{"nara with a byte-order mark and odd names", "\uFEFF\"DOC_NBR\",\"MSGTEXT\"\n", NARACSV},
		{"cables.csv unquoted", "7,1/2/2003 4:05,03ROME123,Embassy Rome,SECRET,,h,b\n", CablegateCSV},
		{"other", "name,address\nx,y\n", ""},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DetectCSV([]byte(tc.head))
			if got != tc.want || (err == nil) != (tc.want != "") {
				t.Errorf("DetectCSV = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
