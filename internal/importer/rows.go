package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// rowSplitter cuts a CSV stream into its rows' bytes, without reading
// their fields, so that each row is parsed on its own: a malformed row is
// refused alone, with its own line, and a row over the size bound is
// skipped unread instead of filling memory (encoding/csv reads a whole
// record, however long, and cannot resume after an error). It follows the
// quoting rules of encoding/csv with LazyQuotes, so that it cuts where
// that reader would.
type rowSplitter struct {
	r    *bufio.Reader
	max  int64
	line int // lines read so far
}

func newRowSplitter(r io.Reader, max int64) *rowSplitter {
	if max <= 0 {
		max = DefaultMaxRow
	}
	return &rowSplitter{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// row is one row's bytes, or how long it was when over the bound.
type row struct {
	line int    // 1-based line of its start
	data []byte // nil when over the bound
	size int64
}

// The states of the splitter's walk through a row.
const (
	atFieldStart = iota
	inUnquoted
	inQuoted
	afterQuote   // a quote inside a quoted field: its end, or an escape
	afterQuoteCR // a quote and a CR: the row's end if LF follows
)

// next returns the next row that is not an empty line, or io.EOF.
func (s *rowSplitter) next() (row, error) {
	var rw row
	state := atFieldStart
	for {
		chunk, err := s.r.ReadSlice('\n')
		if len(chunk) > 0 && rw.line == 0 {
			rw.line = s.line + 1
		}
		ended := false
		for i, c := range chunk {
			state, ended = step(state, c)
			if ended {
				chunk = chunk[:i+1]
				break
			}
		}
		if bytes.HasSuffix(chunk, []byte{'\n'}) {
			s.line++
		}
		rw.size += int64(len(chunk))
		if rw.size <= s.max {
			rw.data = append(rw.data, chunk...)
		} else {
			rw.data = nil
		}
		switch {
		case ended && rw.size == 1 || ended && rw.size == 2 && chunk[0] == '\r':
			rw = row{} // an empty line, which encoding/csv skips too
			state = atFieldStart
		case ended:
			return rw, nil
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF) && rw.size == 1 && rw.data[0] == '\r':
			return row{}, io.EOF // a last line of a CR alone, which encoding/csv drops
		case err != nil && rw.size > 0 && errors.Is(err, io.EOF):
			return rw, nil
		case err != nil:
			return row{}, err
		}
	}
}

// step moves the walk over byte c, and says whether c ends the row.
func step(state int, c byte) (int, bool) {
	switch state {
	case atFieldStart:
		switch c {
		case '"':
			return inQuoted, false
		case ',':
			return atFieldStart, false
		case '\n':
			return atFieldStart, true
		}
		return inUnquoted, false
	case inUnquoted:
		switch c {
		case ',':
			return atFieldStart, false
		case '\n':
			return atFieldStart, true
		}
		return inUnquoted, false
	case inQuoted:
		if c == '"' {
			return afterQuote, false
		}
		return inQuoted, false
	case afterQuoteCR:
		if c == '\n' {
			return atFieldStart, true // "\r\n ends the row as "\n does
		}
		return step(inQuoted, c) // the quote and the CR were text
	}
	switch c { // afterQuote
	case '"':
		return inQuoted, false // "" is a quote
	case ',':
		return atFieldStart, false
	case '\n':
		return atFieldStart, true
	case '\r':
		return afterQuoteCR, false
	}
	return inQuoted, false // a stray quote, kept (LazyQuotes)
}

// fields parses one row's bytes, which start on the given line, and
// checks that it has want fields (any number when want is 0). An error
// within the row names its own line and column; the caller names the
// row's.
func fields(raw []byte, line, want int) ([]string, error) {
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return nil, fmt.Errorf("line %d, column %d: %w", line+pe.Line-1, pe.Column, pe.Err)
		}
		return nil, err
	}
	if _, err := cr.Read(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the row does not end where a row should")
	}
	if want > 0 && len(rec) != want {
		return nil, fmt.Errorf("%d fields, want %d", len(rec), want)
	}
	return rec, nil
}

// tooLong is the error of a row over the bound.
func tooLong(r row, max int64) error {
	return fmt.Errorf("row of %d bytes, over the limit of %d (--max-member-size): not read", r.size, max)
}
