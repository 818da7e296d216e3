package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cable/cable/internal/importer"
)

// This file is about the layouts an ingest reads besides the archive's
// own (package importer): which files of a directory it takes, and the
// CSV exports, whose rows it sends one by one as sources named
// file:line.

// takes reports whether a directory's walk reads the file at path: with
// no --format, a cable file (.txt, .html, .htm) or a CSV export (.csv);
// with one, the files of that layout's extension.
func (w *walker) takes(path string) bool {
	f, ok := importer.FileFormat(path)
	switch w.format {
	case "":
		return ok || importer.IsCSV(path)
	case importer.CablegateCSV, importer.NARACSV:
		return importer.IsCSV(path)
	}
	return ok && f == w.format
}

// isCSV reports whether the walk reads the file at path as a CSV export.
func (w *walker) isCSV(path string) bool {
	switch w.format {
	case "":
		return importer.IsCSV(path)
	case importer.CablegateCSV, importer.NARACSV:
		return true
	}
	return false
}

// memberFormat returns the layout of a .tar.gz member, ok=false for one
// the walk passes over. A member is one cable: a CSV member is not read.
func (w *walker) memberFormat(name string) (importer.Format, bool) {
	f, ok := importer.FileFormat(name)
	if !ok || w.format != "" && f != w.format {
		return "", false
	}
	return f, true
}

// walkFile sends the cables of a file named or found in a directory. A
// named file of another extension is read as a telegram, as before there
// were layouts.
func (w *walker) walkFile(path string) error {
	if w.isCSV(path) {
		return w.walkCSV(path)
	}
	format := w.format
	if format == "" {
		format, _ = importer.FileFormat(path)
	}
	return w.readFile(path, format)
}

// csvReader is what the importers' CSV readers have in common.
type csvReader interface {
	Next() (importer.Record, error)
}

// walkCSV streams a CSV export: each row is sent as a source named
// path:line, a row that is not a cable with its reason, so that it is
// refused alone. A file whose layout cannot be told, or whose header row
// lacks a column, is refused whole; one that cannot be read to its end
// is reported after the rows before.
func (w *walker) walkCSV(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	r, err := w.csvReader(br)
	if err != nil {
		return w.fail(path, err)
	}
	line := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return w.fail(path, fmt.Errorf("cannot be read after line %d: %w", line, err))
		}
		line = rec.Line
		src := source{name: fmt.Sprintf("%s:%d", path, rec.Line), data: rec.Text, err: rec.Err, refs: rec.References}
		if err := w.send(src); err != nil {
			return err
		}
	}
}

// csvReader returns the reader of the export br holds, in the walk's
// format or the one its first line shows.
func (w *walker) csvReader(br *bufio.Reader) (csvReader, error) {
	format := w.format
	if format == "" {
		head, err := br.Peek(br.Size())
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		if format, err = importer.DetectCSV(head); err != nil {
			return nil, err
		}
	}
	if format == importer.NARACSV {
		return importer.NewNARACSV(br, w.maxSize)
	}
	return importer.NewCablegateCSV(br, w.maxSize), nil
}
