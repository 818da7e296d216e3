package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// encoder writes uvarints, strings and bitmaps, keeping the first error.
type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uint(v uint64) { e.bytes(e.buf[:binary.PutUvarint(e.buf[:], v)]) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// int writes a signed number (a difference, a date before 1970).
func (e *encoder) int(v int64) { e.bytes(e.buf[:binary.PutVarint(e.buf[:], v)]) }

// ascending writes ascending numbers as their differences, the first
// from zero: a list of ordinals takes a byte or two a number.
func (e *encoder) ascending(vs []uint32) {
	e.uint(uint64(len(vs)))
	prev := uint32(0)
	for _, v := range vs {
		e.uint(uint64(v - prev))
		prev = v
	}
}

func (e *encoder) uint32s(vs []uint32) {
	e.uint(uint64(len(vs)))
	for _, v := range vs {
		e.uint(uint64(v))
	}
}

func (e *encoder) bitmap(bm *roaring.Bitmap) {
	e.uint(bm.GetSerializedSizeInBytes())
	if e.err == nil {
		_, e.err = bm.WriteTo(e.w)
	}
}

// decoder reads what encoder wrote, keeping the first error; after one,
// every read returns zero values.
type decoder struct {
	r   *bufio.Reader
	err error
	// scratch holds a bitmap's bytes while it is parsed: roaring
	// copies them out, so one buffer serves every bitmap.
	scratch []byte
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.err = err
	}
	return v
}

// len reads a length, which must be plausible.
func (d *decoder) len() int {
	v := d.uint()
	if v > maxSnapshotLen {
		d.fail(fmt.Sprintf("length %d is past any snapshot", v))
		return 0
	}
	return int(v)
}

func (d *decoder) int() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.err = err
	}
	return v
}

func (d *decoder) bool() bool { return d.uint() == 1 }

// bytes reads n bytes, allocating as they arrive: a damaged length
// fails at the end of the input rather than allocating it.
func (d *decoder) bytes(n int) []byte { return d.readInto(nil, n) }

// readInto reads n bytes into b's memory, growing it as they arrive.
func (d *decoder) readInto(b []byte, n int) []byte {
	if d.err != nil {
		return nil
	}
	if b = b[:0]; cap(b) == 0 {
		b = make([]byte, 0, capped(n))
	}
	for len(b) < n {
		if len(b) == cap(b) {
			b = slices.Grow(b, min(n-len(b), len(b)+1))
		}
		k, err := d.r.Read(b[len(b):min(n, cap(b))])
		b = b[:len(b)+k]
		if err != nil && len(b) < n {
			d.err = err
			if err == io.EOF {
				d.err = io.ErrUnexpectedEOF
			}
			return nil
		}
	}
	return b
}

// capped is the capacity to start a slice of n items read from a
// snapshot with: it grows as the items arrive.
func capped(n int) int { return min(n, 1<<16) }

func (d *decoder) str() string { return string(d.bytes(d.len())) }

// ascending reads what encoder.ascending wrote.
func (d *decoder) ascending() []uint32 {
	vs := d.uint32s()
	for i := 1; i < len(vs) && d.err == nil; i++ {
		if vs[i] += vs[i-1]; vs[i] < vs[i-1] {
			d.fail("ascending values overflow")
		}
	}
	return vs
}

func (d *decoder) uint32s() []uint32 {
	n := d.len()
	if d.err != nil || n == 0 {
		return nil
	}
	vs := make([]uint32, 0, capped(n))
	for range n {
		v := d.uint()
		if v > 1<<32-1 {
			d.fail("a 32-bit value out of range")
		}
		if d.err != nil {
			return nil
		}
		vs = append(vs, uint32(v))
	}
	return vs
}

func (d *decoder) bitmap() *roaring.Bitmap {
	d.scratch = d.readInto(d.scratch, d.len())
	bm := roaring.New()
	if d.err != nil {
		return bm
	}
	if err := bm.UnmarshalBinary(d.scratch); err != nil {
		d.fail("a bitmap does not parse: " + err.Error())
	}
	return bm
}
