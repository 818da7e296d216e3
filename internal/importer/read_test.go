package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cabletext"
)

// read is what the reader reads back from an importer's text: the fields
// each layout must carry through.
type read struct {
	Line                      int
	ID, Title, Created, Class string
	Origin, Level, Subject    string
	From                      string
	To, Tags, Refs            []string
	Err                       string // a substring of the record's error
}

// readBack parses a record's text as ingest does.
func readBack(line int, text []byte, err error) read {
	if err != nil {
		return read{Line: line, Err: err.Error()}
	}
	c := cabletext.Parse(text)
	r := read{Line: line, ID: c.ID, Level: c.Text.Class.Level, Subject: c.Text.Subject,
		From: c.Header.From.PLAD, Tags: c.Text.Tags}
	if e := c.Envelope; e != nil {
		r.Title, r.Created, r.Class, r.Origin = e.Title, e.Created, e.Classification, e.Origin
	}
	for _, a := range c.Header.To {
		r.To = append(r.To, a.PLAD)
	}
	for _, ref := range c.Text.References {
		r.Refs = append(r.Refs, ref.ID)
	}
	return r
}

// errorsContain compares errors by substring: cmp then shows the rest.
var errorsContain = cmp.Comparer(func(a, b read) bool {
	if a.Err != "" && b.Err != "" {
		return a.Line == b.Line && (strings.Contains(a.Err, b.Err) || strings.Contains(b.Err, a.Err))
	}
	return cmp.Equal(a, b)
})

func seedRead() read {
	return read{ID: "07STATE159388", Created: "Thu Nov 22 00:00:00 +0000 2007", Class: "SECRET",
		Origin: "Secretary of State", Level: "SECRET",
		Subject: "DEMARCHE ON IMPENDING CONVENTIONAL ARMS TRANSFER AND INTERIM FOLLOW UP ON ONGOING ISSUES OF PROLIFERATION CONCERN",
		From:    "SECSTATE WASHDC", To: []string{"AMEMBASSY BEIJING"}, Tags: []string{"PARM", "PREL", "UNGA"},
		Refs: []string{"07STATE109649", "07BEIJING5237", "07STATE71143", "07STATE73601", "07STATE72896",
			"07BEIJING6361", "07STATE148514", "07BEIJING6848"}}
}

func cairoRead() read {
	return read{ID: "09CAIRO912", Created: "Mon May 25 10:15:00 +0000 2009", Class: "SECRET//NOFORN",
		Origin: "Embassy Cairo", Level: "SECRET",
		Subject: `INVENTED FIXTURE: THE MINISTER'S "NEW THINKING" ON WATER SHARING`,
		From:    "AMEMBASSY CAIRO", To: []string{"SECSTATE WASHDC"}, Tags: []string{"PREL", "PGOV", "EG"},
		Refs: []string{"09STATE41234", "09CAIRO877"}}
}

func TestCablegateCSV(t *testing.T) {
	f, err := os.Open("testdata/cables.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seed, cairo := seedRead(), cairoRead()
	seed.Line, cairo.Line = 12, 95
	want := []read{
		{Line: 1, ID: "66BUENOSAIRES2481", Created: "Wed Dec 28 18:38:00 +0000 1966", Class: "UNCLASSIFIED",
			Origin: "Embassy Buenos Aires", Level: "UNCLASSIFIED", Subject: "VISIT OF TRADE DELEGATION TO ROSARIO"},
		seed,
		cairo,
		{Line: 123, Err: "7 fields, want 8"},
		{Line: 124, Err: `date "13/45/2009 9:00"`},
		{Line: 128, ID: "09CAIRO915", Created: "Wed May 27 08:30:00 +0000 2009", Class: "CONFIDENTIAL",
			Origin: "Embassy Cairo", Level: "CONFIDENTIAL", Subject: "A CABLE AFTER THE BAD ROWS", Tags: []string{"PREL", "EG"}},
	}
	var got []read
	var layoutRefs [][]string
	r := NewCablegateCSV(f, 0)
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		got = append(got, readBack(rec.Line, rec.Text, rec.Err))
		layoutRefs = append(layoutRefs, rec.References)
	}
	if diff := cmp.Diff(want, got, errorsContain); diff != "" {
		t.Errorf("cables.csv read back (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"09STATE41234", "09CAIRO877"}, layoutRefs[2]); diff != "" {
		t.Errorf("references column of 09CAIRO912 (-want +got):\n%s", diff)
	}
}

func TestCablegateHTML(t *testing.T) {
	seed, cairo := seedRead(), cairoRead()
	seed.Title = "DEMARCHE ON IMPENDING CONVENTIONAL ARMS TRANSFER"
	cairo.Title = cairo.Subject
	for _, tc := range []struct {
		name string
		want read
	}{
		{"2007/11/07STATE159388.html", seed},
		{"2009/05/09CAIRO912.html", cairo},
		{"2010/02/10CAIRO200.html", read{Err: "no metadata"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("testdata/cablegate/cable", tc.name))
			if err != nil {
				t.Fatal(err)
			}
			text, err := FromCablegateHTML(page)
			if diff := cmp.Diff(tc.want, readBack(0, text, err), errorsContain); diff != "" {
				t.Errorf("read back (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCablegateHTMLText checks that a page's text comes out as it reads
// in a browser: entities decoded, links' markup dropped and their text
// (the ¶ signs, the referenced ids) kept.
func TestCablegateHTMLText(t *testing.T) {
	page, err := os.ReadFile("testdata/cablegate/cable/2009/05/09CAIRO912.html")
	if err != nil {
		t.Fatal(err)
	}
	text, err := FromCablegateHTML(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"INFO RUEHAM/AMEMBASSY AMMAN 0512\nS E C R E T SECTION 01 OF 02 CAIRO 000912 \n",
		"REF: A. STATE 41234 B. CAIRO 877 \n",
		"¶1. (S/NF) Summary: An invented cable for the importer's tests, \nwith \"quoted words\", commas & lines that wrap <here>.",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestNARACSV(t *testing.T) {
	f, err := os.Open("testdata/nara.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewNARACSV(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []read{
		{Line: 2, ID: "75STATE12345", Title: "INVENTED FIXTURE: WHEAT TALKS", Created: "Fri Jan 17 00:00:00 +0000 1975",
			Class: "UNCLASSIFIED", Origin: "SECSTATE WASHDC", Level: "UNCLASSIFIED", Subject: "INVENTED FIXTURE: WHEAT TALKS",
			From: "SECSTATE WASHDC", To: []string{"AMEMBASSY PARIS", "AMEMBASSY BONN"}, Tags: []string{"ETRD", "FR", "GE"}},
		// The 1970s bare "CONFIDENTIAL" line that opens the text is its
		// class line.
		{Line: 9, ID: "76PARIS4567", Title: "INVENTED FIXTURE: A TELEGRAM WITH ITS OWN FIELDS", Created: "Fri Mar 12 00:00:00 +0000 1976",
			Class: "CONFIDENTIAL", Origin: "AMEMBASSY PARIS", Level: "CONFIDENTIAL", Subject: "INVENTED FIXTURE: A TELEGRAM WITH ITS OWN FIELDS",
			From: "AMEMBASSY PARIS", To: []string{"SECSTATE WASHDC"}, Tags: []string{"PFOR", "FR"}},
		{Line: 18, Err: "6 fields, want 9"},
		{Line: 19, ID: "77ROME777", Title: "INVENTED FIXTURE: A TEXT WITH NO CLASS LINE", Created: "Sun Jan 02 00:00:00 +0000 1977",
			Class: "UNCLASSIFIED", Origin: "AMEMBASSY ROME", Subject: "INVENTED FIXTURE: A TEXT WITH NO CLASS LINE",
			From: "AMEMBASSY ROME", To: []string{"SECSTATE WASHDC"}, Tags: []string{"PFOR"}},
		{Line: 22, Err: `reference id "NOT-AN-ID" is not a cable id`},
	}
	var got []read
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		got = append(got, readBack(rec.Line, rec.Text, rec.Err))
	}
	if diff := cmp.Diff(want, got, errorsContain); diff != "" {
		t.Errorf("nara.csv read back (-want +got):\n%s", diff)
	}
}

// TestNARAColumns checks that column names match loosely and that a
// missing required column is named.
func TestNARAColumns(t *testing.T) {
	for _, tc := range []struct {
		name, head, err string
	}{
		{"loose names", "DOC_NBR,Draft Date,message text", ""},
		{"no text", "Document Number,Date,From,To,Subject,TAGS", "no text column"},
		{"no date", "document number,TEXT", "no date column"},
		{"no document number", "Date,Text", "no document number column"},
		{"empty file", "", "empty file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewNARACSV(strings.NewReader(tc.head+"\n"), 0)
			if got := errString(err); tc.err == "" && got != "" || !strings.Contains(got, tc.err) {
				t.Errorf("NewNARACSV(%q) = %q, want %q", tc.head, got, tc.err)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
