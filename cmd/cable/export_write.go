package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cabletext"
)

// exportItem is one cable of an export: the reader's view of its current
// version.
type exportItem struct {
	ID      string
	Version int
	// SHA256 is the stored version's, which the view was made from, for
	// a reader who reads all of it; "" for anyone else.
	SHA256 string
	View   *access.CableView
}

// citation cites the item as a researcher would: origin, subject as the
// reader sees it, id, date, and which version of which text was read, so
// that two people citing one cable can tell whether they read the same.
func (it exportItem) citation() string {
	c := it.View.Cable
	origin := c.Header.From.PLAD
	if origin == "" && c.Envelope != nil {
		origin = c.Envelope.Origin
	}
	subject := "[subject withheld]"
	if it.View.SubjectShown && c.Text.Subject != "" {
		subject = c.Text.Subject
	}
	date := "undated"
	if !c.Header.Time.IsZero() {
		date = c.Header.Time.UTC().Format(time.DateOnly)
	}
	version := fmt.Sprintf("version %d", it.Version)
	if it.SHA256 != "" {
		version += ", sha256 " + it.SHA256
	}
	return fmt.Sprintf("%s, %q, cable %s, %s (%s; view %s)", origin, subject, it.ID, date, version, it.View.Banner())
}

// document is the JSON of the item's view, as the API answers it.
func (it exportItem) document() api.CableView {
	v := it.View
	return api.FromView(v.Cable, api.ViewInfo{Banner: v.Banner(), Release: v.Release, Declassified: v.Declassified,
		SubjectShown: v.SubjectShown, Shown: v.Shown, Withheld: v.Withheld})
}

// telegram is the item's view as a telegram between banner lines, as
// cable view and the API's ?format=text write it.
func (it exportItem) telegram() string {
	return it.View.Banner() + "\n\n" + cabletext.Format(it.View.Cable) + "\n" + it.View.Banner() + "\n"
}

// exportWriter writes an export, one item at a time; close finishes it.
type exportWriter interface {
	add(exportItem) error
	close() error
}

// exportFormats are the writers by --format.
var exportFormats = map[string]func(io.Writer) exportWriter{
	"jsonl":  func(w io.Writer) exportWriter { return &jsonlExport{w: bufio.NewWriter(w)} },
	"csv":    newCSVExport,
	"tar.gz": newTarExport,
}

// jsonlExport writes one JSON object a line: the view, its version and
// its citation.
type jsonlExport struct{ w *bufio.Writer }

// exportLine is a line of a JSON Lines export, and of a tar's manifest
// (without the view).
type exportLine struct {
	*api.CableView `json:",omitempty"`
	ID             string `json:"id"`
	Version        int    `json:"version"`
	SHA256         string `json:"sha256,omitempty"`
	Banner         string `json:"banner"`
	Citation       string `json:"citation"`
	File           string `json:"file,omitempty"`
}

func lineOf(it exportItem) exportLine {
	return exportLine{ID: it.ID, Version: it.Version, SHA256: it.SHA256, Banner: it.View.Banner(), Citation: it.citation()}
}

func (e *jsonlExport) add(it exportItem) error {
	l := lineOf(it)
	doc := it.document()
	l.CableView = &doc
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = e.w.Write(append(b, '\n'))
	return err
}

func (e *jsonlExport) close() error { return e.w.Flush() }

// csvHeader names the columns of a CSV export.
var csvHeader = []string{"id", "version", "sha256", "date", "origin", "banner", "subject", "paragraphs", "citation", "text"}

// csvExport writes one row a cable; text is the view as a telegram.
type csvExport struct{ w *csv.Writer }

func newCSVExport(w io.Writer) exportWriter {
	e := &csvExport{w: csv.NewWriter(w)}
	e.w.Write(csvHeader) // an error sticks to the writer and close returns it
	return e
}

func (e *csvExport) add(it exportItem) error {
	c, v := it.View.Cable, it.View
	date := ""
	if !c.Header.Time.IsZero() {
		date = c.Header.Time.UTC().Format(time.RFC3339)
	}
	subject := ""
	if v.SubjectShown {
		subject = c.Text.Subject
	}
	var paras []string
	for _, n := range v.Shown {
		paras = append(paras, strconv.Itoa(n))
	}
	return e.w.Write([]string{it.ID, strconv.Itoa(it.Version), it.SHA256, date, c.Header.From.PLAD, v.Banner(), subject,
		strings.Join(paras, " "), it.citation(), cabletext.Format(c)})
}

func (e *csvExport) close() error {
	e.w.Flush()
	return e.w.Error()
}

// tarExport writes ID.txt for each cable, then manifest.jsonl.
type tarExport struct {
	gz       *gzip.Writer
	tw       *tar.Writer
	manifest []exportLine
	at       time.Time
}

func newTarExport(w io.Writer) exportWriter {
	gz := gzip.NewWriter(w)
	return &tarExport{gz: gz, tw: tar.NewWriter(gz), at: time.Now()}
}

func (e *tarExport) file(name string, body []byte) error {
	if err := e.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), ModTime: e.at, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := e.tw.Write(body)
	return err
}

func (e *tarExport) add(it exportItem) error {
	l := lineOf(it)
	l.File = it.ID + ".txt"
	e.manifest = append(e.manifest, l)
	return e.file(l.File, []byte(it.telegram()))
}

func (e *tarExport) close() error {
	var b strings.Builder
	for _, l := range e.manifest {
		j, err := json.Marshal(l)
		if err != nil {
			return err
		}
		b.Write(append(j, '\n'))
	}
	if err := e.file("manifest.jsonl", []byte(b.String())); err != nil {
		return err
	}
	if err := e.tw.Close(); err != nil {
		return err
	}
	return e.gz.Close()
}
