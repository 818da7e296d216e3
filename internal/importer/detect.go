package importer

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
)

// FileFormat returns the layout of a file that holds one cable, by its
// extension: a Cablegate page (.html, .htm) or a telegram (.txt); ok is
// false for any other file, which a directory's walk passes over. A CSV
// file holds many cables: see [DetectCSV].
func FileFormat(name string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt":
		return Telegram, true
	case ".html", ".htm":
		return CablegateHTML, true
	}
	return "", false
}

// IsCSV reports whether a file is a CSV export, by its extension.
func IsCSV(name string) bool { return strings.EqualFold(filepath.Ext(name), ".csv") }

// DetectCSV tells the CSV layouts apart by the start of a file (its first
// line is enough): a NARA export opens with a header row naming a
// document number column; a cables.csv row has no header, and opens with
// a sequence number, a date and a reference id.
func DetectCSV(head []byte) (Format, error) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	cells := strings.Split(strings.TrimPrefix(string(line), "\uFEFF"), ",")
	for i, c := range cells {
		cells[i] = strings.Trim(strings.TrimSpace(c), `"`)
	}
	for _, c := range cells {
		for _, name := range naraColumns[0].names {
			if columnKey(c) == name {
				return NARACSV, nil
			}
		}
	}
	if len(cells) >= 3 && allDigits(cells[cgSeq]) && strings.Count(cells[cgDate], "/") == 2 && checkID(cells[cgID]) == nil {
		return CablegateCSV, nil
	}
	return "", errors.New("cannot tell the layout of this CSV file: want cables.csv rows (sequence number, date, reference id, …) or a NARA header row naming a Document Number column; --format names it")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
