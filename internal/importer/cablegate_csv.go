package importer

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// The columns of Cablegate's cables.csv.
const (
	cgSeq = iota
	cgDate
	cgID
	cgOrigin
	cgClass
	cgRefs
	cgHeader
	cgBody
	cgColumns
)

// cablegateDate is how cables.csv writes a cable's date: month and day
// without leading zeros, time to the minute, UTC (12/28/1966 18:38).
const cablegateDate = "1/2/2006 15:04"

// CablegateCSVReader reads Cablegate's cables.csv, one row at a time.
type CablegateCSVReader struct {
	rows *rowSplitter
}

// NewCablegateCSV returns a reader of cables.csv from r that refuses rows
// of more than max bytes (DefaultMaxRow when max is 0).
func NewCablegateCSV(r io.Reader, max int64) *CablegateCSVReader {
	return &CablegateCSVReader{rows: newRowSplitter(r, max)}
}

// Next returns the next row's cable, or the reason it is not one in the
// record's Err. Its own error is io.EOF at the end, or what keeps the
// rest of the file from being read.
func (cr *CablegateCSVReader) Next() (Record, error) {
	rw, err := cr.rows.next()
	if err != nil {
		return Record{}, err
	}
	rec := Record{Line: rw.line}
	if rw.data == nil {
		rec.Err = tooLong(rw, cr.rows.max)
		return rec, nil
	}
	f, err := fields(rw.data, rw.line, cgColumns)
	if err == nil {
		rec.Text, rec.References, err = cablegateRow(f)
	}
	rec.Err = err
	return rec, nil
}

// cablegateRow makes the archive text of one row of cables.csv. The
// sequence number is WikiLeaks' and is dropped; the header and body
// make the telegram.
func cablegateRow(f []string) ([]byte, []string, error) {
	id := strings.TrimSpace(f[cgID])
	if err := checkID(id); err != nil {
		return nil, nil, err
	}
	created, err := time.Parse(cablegateDate, strings.TrimSpace(f[cgDate]))
	if err != nil {
		return nil, nil, fmt.Errorf("date %q: want MM/DD/YYYY HH:MM", f[cgDate])
	}
	if err := checkCreated(created); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(f[cgHeader]) == "" && strings.TrimSpace(f[cgBody]) == "" {
		return nil, nil, errors.New("no text: header and body are empty")
	}
	env := envelope{id: id, created: created, class: f[cgClass], origin: f[cgOrigin]}
	return archiveText(env, f[cgHeader], f[cgBody]), splitRefs(f[cgRefs]), nil
}

// splitRefs splits the references column: ids separated by commas (some
// copies use bars or spaces).
func splitRefs(s string) []string {
	refs := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == ' ' || r == '\n' || r == '\r' })
	if len(refs) == 0 {
		return nil
	}
	return refs
}
