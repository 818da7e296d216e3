package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cablegateLine writes one row of cables.csv for a cable of the given
// serial and body.
func cablegateLine(serial int, body string) string {
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	return strings.Join([]string{q(fmt.Sprint(serial)), q("5/25/2009 10:15"), q(fmt.Sprintf("09CAIRO%d", serial)),
		q("Embassy Cairo"), q("UNCLASSIFIED"), q(""), q(""), q(body)}, ",") + "\n"
}

// TestRowTooLong checks that a row over the bound is refused unread, by
// its line, and that the rows around it are read with their own lines:
// the bound holds for a field that never ends too (an unclosed quote).
func TestRowTooLong(t *testing.T) {
	const max = 64 << 10
	huge := "UNCLAS CAIRO 2\n\n" + strings.Repeat("A LINE OF A CABLE FAR TOO LONG TO BE ONE.\n", 4<<10)
	for _, tc := range []struct {
		name  string
		input string
		want  []string
	}{
		{"huge body", cablegateLine(1, "UNCLAS CAIRO 1\n") + cablegateLine(2, huge) + cablegateLine(3, "UNCLAS CAIRO 3\n"),
			// Row 1 takes lines 1-2; row 2 lines 3-4101: its body's 4,098
			// lines and the quote that ends it.
			[]string{"1: 09CAIRO1", "3: row of", "4102: 09CAIRO3"}},
		{"unclosed quote", cablegateLine(1, "UNCLAS CAIRO 1\n") + `"2","5/25/2009 10:15","09CAIRO2","x","y","","","` + huge,
			[]string{"1: 09CAIRO1", "3: row of"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewCablegateCSV(strings.NewReader(tc.input), max)
			var got []string
			for {
				rec, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				if rec.Err != nil {
					got = append(got, fmt.Sprintf("%d: %.6s", rec.Line, rec.Err))
					if !strings.Contains(rec.Err.Error(), "over the limit of 65536") {
						t.Errorf("line %d: %v, want over the limit", rec.Line, rec.Err)
					}
					continue
				}
				got = append(got, fmt.Sprintf("%d: %s", rec.Line, rec.Text[:bytes.IndexByte(rec.Text, '\n')]))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRowSplitter checks that rows are cut where encoding/csv cuts them,
// on the quoting a real export has: doubled quotes, line breaks in
// fields, stray quotes in unquoted fields, CR LF line ends, empty lines.
func TestRowSplitter(t *testing.T) {
	for _, tc := range []struct{ name, input string }{
		{"plain", "a,b\nc,d\n"},
		{"no final newline", "a,b\nc,d"},
		{"quoted newline", "\"a\nb\",c\n\"d\"\"\ne\",f\n"},
		{"stray quote", "a\"b,c\nd,e\"\n"},
		{"lazy quote in quoted", "\"a \"b\" c\",d\ne,f\n"},
		{"crlf", "\"a\r\nb\",c\r\nd,e\r\n"},
		{"empty lines", "\n\na,b\n\r\n\nc,d\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := readAllCSV(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			got, err := splitAll(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows of %q (-encoding/csv +splitter):\n%s", tc.input, diff)
			}
		})
	}
}

func readAllCSV(s string) ([][]string, error) {
	cr := csv.NewReader(strings.NewReader(s))
	cr.LazyQuotes, cr.FieldsPerRecord = true, -1
	return cr.ReadAll()
}

// splitAll reads s as the importers do: cut into rows, each parsed alone.
func splitAll(s string) ([][]string, error) {
	sp := newRowSplitter(strings.NewReader(s), 1<<20)
	var rows [][]string
	for {
		rw, err := sp.next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		} else if err != nil {
			return nil, err
		}
		f, err := fields(rw.data, rw.line, 0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", rw.line, err)
		}
		rows = append(rows, f)
	}
}
