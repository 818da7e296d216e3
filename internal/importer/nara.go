package importer

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cable/cable/internal/cabletext"
)

// naraColumn is a column an AAD export may have, with the names it goes
// by (compared by columnKey).
type naraColumn struct {
	field    string
	names    []string
	required bool
}

var naraColumns = []naraColumn{
	{"document number", []string{"documentnumber", "docnumber", "docnbr", "documentno", "docno"}, true},
	{"date", []string{"date", "draftdate", "documentdate", "messagedate", "sentdate"}, true},
	{"text", []string{"text", "messagetext", "msgtext", "body", "fulltext"}, true},
	{"from", []string{"from", "fromfield", "sender"}, false},
	{"to", []string{"to", "tofield", "addressee"}, false},
	{"subject", []string{"subject", "subj"}, false},
	{"tags", []string{"tags", "tag"}, false},
	{"classification", []string{"classification", "class", "classificationlevel"}, false},
}

// naraDates are the ways AAD exports write a telegram's date.
var naraDates = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "1/2/2006", "1/2/2006 15:04",
	"02 Jan 2006", "2 Jan 2006", "02-Jan-2006", "Jan 2, 2006", "January 2, 2006",
}

// NARACSVReader reads an AAD export of telegrams, one row at a time.
type NARACSVReader struct {
	rows *rowSplitter
	col  map[string]int // by naraColumn.field; absent when the export has none
	n    int            // the header row's number of columns
}

// NewNARACSV returns a reader of the AAD export r, whose header row it
// reads first: an error names a required column that is missing.
func NewNARACSV(r io.Reader, max int64) (*NARACSVReader, error) {
	nr := &NARACSVReader{rows: newRowSplitter(r, max), col: map[string]int{}}
	rw, err := nr.rows.next()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: want a header row naming the columns")
	}
	if err != nil {
		return nil, err
	}
	if rw.data == nil {
		return nil, fmt.Errorf("line %d: header %w", rw.line, tooLong(rw, nr.rows.max))
	}
	head, err := fields(rw.data, rw.line, 0)
	if err != nil {
		return nil, fmt.Errorf("line %d: header row: %w", rw.line, err)
	}
	if err := nr.mapColumns(head); err != nil {
		return nil, fmt.Errorf("line %d: %w", rw.line, err)
	}
	return nr, nil
}

func (nr *NARACSVReader) mapColumns(head []string) error {
	nr.n = len(head)
	byKey := map[string]int{}
	for i, h := range head {
		if _, dup := byKey[columnKey(h)]; !dup {
			byKey[columnKey(h)] = i
		}
	}
	for _, c := range naraColumns {
		for _, name := range c.names {
			if i, ok := byKey[name]; ok {
				nr.col[c.field] = i
				break
			}
		}
		if _, ok := nr.col[c.field]; !ok && c.required {
			return fmt.Errorf("no %s column in the header row %q", c.field, head)
		}
	}
	return nil
}

// Next returns the next row's cable, or the reason it is not one in the
// record's Err. Its own error is io.EOF at the end, or what keeps the
// rest of the file from being read.
func (nr *NARACSVReader) Next() (Record, error) {
	rw, err := nr.rows.next()
	if err != nil {
		return Record{}, err
	}
	rec := Record{Line: rw.line}
	if rw.data == nil {
		rec.Err = tooLong(rw, nr.rows.max)
		return rec, nil
	}
	f, err := fields(rw.data, rw.line, nr.n)
	if err == nil {
		rec.Text, err = nr.row(f)
	}
	rec.Err = err
	return rec, nil
}

// get returns a row's field, "" when the export has no such column.
func (nr *NARACSVReader) get(f []string, field string) string {
	if i, ok := nr.col[field]; ok {
		return f[i]
	}
	return ""
}

// row makes the archive text of one row: the document number is the id
// (1975STATE012345 is 75STATE012345), the subject the title, From the
// origin.
func (nr *NARACSVReader) row(f []string) ([]byte, error) {
	id := naraID(strings.TrimSpace(nr.get(f, "document number")))
	if err := checkID(id); err != nil {
		return nil, err
	}
	created, err := naraDate(nr.get(f, "date"))
	if err != nil {
		return nil, err
	}
	text := nr.get(f, "text")
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("no text: the text column is empty")
	}
	env := envelope{id: id, title: nr.get(f, "subject"), created: created,
		class: nr.get(f, "classification"), origin: nr.get(f, "from")}
	header, body := naraTelegram(text, nr.get(f, "from"), nr.get(f, "to"), env.title, nr.get(f, "tags"))
	return archiveText(env, header, body), nil
}

// naraID turns a document number's four-digit year into the two of a
// reference id; other numbers are kept.
func naraID(doc string) string {
	if len(doc) > 5 && isDigit(doc[0]) && isDigit(doc[1]) && isDigit(doc[2]) && isDigit(doc[3]) && isUpper(doc[4]) {
		return doc[2:]
	}
	return doc
}

func naraDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range naraDates {
		if t, err := time.Parse(layout, s); err == nil {
			return t, checkCreated(t)
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD, MM/DD/YYYY or DD MON YYYY", s)
}

// naraTelegram returns the telegram of a row. The text is kept as the
// export gives it; what the export gives beside it that the text lacks
// is added where the reader reads it: a header of FM and TO lines when
// the text has none, and the SUBJECT and TAGS fields after the class
// line (or first) when the text has none, so that the cable is found by
// its subject and tags as any other.
func naraTelegram(text, from, to, subject, tags string) (header, body string) {
	c := cabletext.ParseString(text)
	if c.Header.From.PLAD == "" && strings.TrimSpace(from+to) != "" {
		header = naraHeader(from, to)
		if c.Text.Class.Raw == "" {
			// Two empty lines end the header of a telegram with no
			// class line, as the canonical writer writes it: else
			// the reader takes the text's first lines for more
			// addressees.
			header += "\n\n"
		}
	}
	var fields strings.Builder
	if len(c.Text.Tags) == 0 && strings.TrimSpace(tags) != "" {
		fields.WriteString("TAGS: " + oneLine(tags) + "\n")
	}
	if c.Text.Subject == "" && strings.TrimSpace(subject) != "" {
		fields.WriteString("SUBJECT: " + oneLine(subject) + "\n")
	}
	if fields.Len() == 0 {
		return header, text
	}
	at := 0
	if cl := c.Text.Class.Raw; cl != "" {
		if i := strings.Index(text, cl); i >= 0 {
			at = i + len(cl)
			if j := strings.IndexByte(text[at:], '\n'); j >= 0 {
				at += j + 1
			} else {
				return header, text + "\n" + fields.String()
			}
		}
	}
	if !strings.HasPrefix(text[at:], "\n") {
		fields.WriteString("\n")
	}
	return header, text[:at] + fields.String() + text[at:]
}

// naraHeader writes From and To as the address lines of a header.
func naraHeader(from, to string) string {
	var b strings.Builder
	if from = oneLine(from); from != "" {
		b.WriteString("FM " + from + "\n")
	}
	for _, a := range strings.FieldsFunc(to, func(r rune) bool { return r == ';' || r == '\n' }) {
		if a = strings.TrimSpace(a); a != "" {
			b.WriteString("TO " + a + "\n")
		}
	}
	return b.String()
}
