package importer

import (
	"fmt"
	"strings"
	"time"
)

// Format names a layout cables are published in.
type Format string

// The layouts an ingest reads.
const (
	// Telegram is the project's own input: a corpus file (archive
	// layout), a bare telegram or a body, one per file.
	Telegram      Format = "telegram"
	CablegateCSV  Format = "cablegate-csv"
	CablegateHTML Format = "cablegate-html"
	NARACSV       Format = "nara-csv"
)

// Formats lists the layouts, for usage messages and flag checks.
var Formats = []Format{Telegram, CablegateCSV, CablegateHTML, NARACSV}

// ParseFormat returns the format named s, or an error listing the names.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: want telegram, cablegate-csv, cablegate-html or nara-csv", s)
}

// DefaultMaxRow is the largest row a CSV reader takes when not told: a
// cable is a few kilobytes, the largest published under 1 MB.
const DefaultMaxRow = 64 << 20

// Record is one cable read from a published layout, or the reason one
// could not be.
type Record struct {
	// Line is the 1-based line of the file on which the cable's row
	// starts; 0 for a layout of one cable per file.
	Line int
	// Text is the cable in the archive layout, for cabletext.Parse.
	Text []byte
	// References are the ids of the cables the layout lists as
	// referenced beside the text (Cablegate's references column), as
	// published; the text's own REF field is what the reader reads.
	References []string
	// Err says why the row is not a cable; Text is then nil.
	Err error
}

// envelope is what a layout says about a cable besides its text: the
// five lines of the archive layout.
type envelope struct {
	id, title string
	created   time.Time
	class     string
	origin    string
}

// createdLayout is how the archive layout writes the created date
// (Ruby's Time#to_s, which the corpus was written with): cabletext
// recognises an envelope by it.
const createdLayout = "Mon Jan 02 15:04:05 -0700 2006"

// archiveText writes env and the telegram in the archive layout. The
// header and the body are joined as they are, as the corpus joined the
// two <pre> blocks of a Cablegate page ("…0000S E C R E T STATE
// 159388"): the reader is made for that layout, and a line break put
// between them reads otherwise in 122 of the 6,712 corpus cables (a
// header's last line of digits, the continuation of an address, becomes
// one more INFO addressee: TestCablegateCSVCorpus).
func archiveText(env envelope, header, body string) []byte {
	var b strings.Builder
	b.Grow(len(header) + len(body) + 200)
	for _, line := range []string{env.id, env.title, env.created.Format(createdLayout), env.class, env.origin} {
		b.WriteString(oneLine(line))
		b.WriteByte('\n')
	}
	b.WriteString(header)
	b.WriteString(body)
	return []byte(b.String())
}

// oneLine folds the line breaks and surrounding space of an envelope
// field, which must fit on its line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// checkID returns an error unless id has the shape of a published
// reference id, which the reader requires of an envelope's first line:
// two digits of year, then capital letters and digits, ending with the
// serial (66BUENOSAIRES2481).
func checkID(id string) error {
	ok := len(id) >= 4 && len(id) <= 40 && isDigit(id[0]) && isDigit(id[1]) && isUpper(id[2]) && isDigit(id[len(id)-1])
	for i := 2; ok && i < len(id); i++ {
		ok = isUpper(id[i]) || isDigit(id[i])
	}
	if !ok {
		return fmt.Errorf("reference id %q is not a cable id: want year, station and serial (66BUENOSAIRES2481)", id)
	}
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// checkCreated returns an error when t cannot be written in the
// envelope's fixed width: a year of four digits.
func checkCreated(t time.Time) error {
	if t.Year() < 1000 || t.Year() > 9999 {
		return fmt.Errorf("date %s: year out of range", t.Format(time.DateOnly))
	}
	return nil
}
