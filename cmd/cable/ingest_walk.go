package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/importer"
)

// DefaultMaxMemberSize is the largest cable file or archive member an
// ingest reads: a cable is a few kilobytes, the corpus's largest under
// 1 MB, so anything near this is not a cable, and reading it whole would
// take its size in memory several times over.
const DefaultMaxMemberSize = 64 << 20

// source is one cable read from a file, an archive member or a row of
// a CSV export, or why it could not be read.
type source struct {
	name   string
	data   []byte
	err    error
	format importer.Format // of data: Telegram (also when empty) or CablegateHTML
	// refs are the references a layout lists beside the text (the
	// references column of cables.csv), checked against the text's.
	refs []string
}

// walker sends the cable files under an ingest's paths. A file, member,
// directory or archive that cannot be read is sent as a source with its
// error, and the walk goes on with the rest.
type walker struct {
	ctx     context.Context
	out     chan<- source
	maxSize int64
	// format is the layout of every input, or "" to tell each file's
	// by its extension and content (ingest_layout.go).
	format importer.Format
}

// walkInputs sends every cable under paths: named files as given, the
// cable files of directories in name order (ingest_layout.go says which), and
// the cable files among the members of .tar.gz archives. It fails only
// when ctx is done.
func walkInputs(ctx context.Context, paths []string, format importer.Format, maxSize int64, out chan<- source) error {
	w := &walker{ctx: ctx, out: out, maxSize: maxSize, format: format}
	for _, p := range paths {
		if err := w.walkPath(p); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) send(s source) error {
	select {
	case w.out <- s:
		return nil
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
}

// fail sends that name cannot be read, with the path left out of err:
// name says it.
func (w *walker) fail(name string, err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return w.send(source{name: name, err: err})
}

func (w *walker) walkPath(p string) error {
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return w.fail(p, err)
	case fi.IsDir():
		return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable directory: its readable entries, if
				// any, were walked; the walk goes on.
				return w.fail(path, err)
			}
			if d.IsDir() || !w.takes(path) {
				return nil
			}
			return w.walkFile(path)
		})
	case isTarGz(p):
		return w.walkTarGz(p)
	}
	return w.walkFile(p)
}

func (w *walker) readFile(path string, format importer.Format) error {
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return w.fail(path, err)
	}
	data, err := readAtMost(f, fi.Size(), w.maxSize)
	if err != nil {
		return w.fail(path, err)
	}
	return w.send(source{name: path, data: data, format: format})
}

// walkTarGz sends the *.txt members of a .tar.gz archive, each named
// archive:member. A member over the size limit is refused unread; a
// damaged archive is reported, after the members before the damage.
func (w *walker) walkTarGz(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return w.fail(path, err)
	}
	tr := tar.NewReader(zr)
	for n := 0; ; {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return w.fail(path, fmt.Errorf("archive cannot be read after its %d cable files: %w", n, err))
		}
		format, ok := w.memberFormat(h.Name)
		if h.Typeflag != tar.TypeReg || !ok {
			continue
		}
		n++
		name := path + ":" + h.Name
		data, err := readAtMost(tr, h.Size, w.maxSize)
		if err != nil {
			err = w.fail(name, err)
		} else {
			err = w.send(source{name: name, data: data, format: format})
		}
		if err != nil {
			return err
		}
	}
}

// readAtMost reads r, which says it holds size bytes, when that is at
// most max. It never holds more than max+1 bytes, whatever r holds: a
// header may lie.
func readAtMost(r io.Reader, size, max int64) ([]byte, error) {
	if size > max {
		return nil, tooLarge(size, max)
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, tooLarge(-1, max)
	}
	return b, nil
}

func tooLarge(size, max int64) error {
	if size < 0 {
		return fmt.Errorf("more than %d bytes, its header notwithstanding: over the limit (--max-member-size)", max)
	}
	return fmt.Errorf("%d bytes, over the limit of %d (--max-member-size): not read", size, max)
}

// countInputs counts the cable files under paths, for the progress bar;
// an archive or a CSV export makes the count unknown (0). What cannot be
// read counts once: the walk reports it.
func countInputs(paths []string, format importer.Format) int {
	w := &walker{format: format}
	n := 0
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			n++
		case !fi.IsDir() && (isTarGz(p) || w.isCSV(p)):
			return 0
		case !fi.IsDir():
			n++
		default:
			filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && w.takes(path) {
					if w.isCSV(path) {
						n = -1
						return filepath.SkipAll
					}
					n++
				}
				return nil
			})
			if n < 0 {
				return 0
			}
		}
	}
	return n
}

func isTarGz(p string) bool { return strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tgz") }

// byteSize is a flag of a number of bytes: 65536, 64KB, 64MB or 1GB
// (powers of 1024).
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []string{"B", "KB", "MB", "GB"} {
		if n%1024 != 0 || u == "GB" {
			return strconv.FormatInt(n, 10) + u
		}
		n /= 1024
	}
	return ""
}

func (b *byteSize) Set(s string) error {
	num, mult := strings.ToUpper(strings.TrimSpace(s)), int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q is not a size: want bytes, or a number with KB, MB or GB", s)
	}
	*b = byteSize(n * mult)
	return nil
}
