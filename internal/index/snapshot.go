package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// A snapshot is the whole index written out, so that a process starts by
// reading it rather than rebuilding the index from the archive's texts
// (minutes at 250,000 cables). The store decides when one is current and
// guards it against a torn write (its own checksum around it); the index
// only writes and reads its state, and refuses what does not parse.

// snapshotMagic starts a snapshot; its last byte is the format's version.
const snapshotMagic = "CABLEIX\x01"

// maxSnapshotLen bounds any one length read from a snapshot, so that a
// damaged one fails rather than allocates without end.
const maxSnapshotLen = 1 << 34

// WriteSnapshot writes the index to w. Searches go on meanwhile; changes
// wait until it is written.
func (ix *Index) WriteSnapshot(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e := &encoder{w: bufio.NewWriterSize(w, 1<<20)}
	e.bytes([]byte(snapshotMagic))
	e.uint(uint64(len(ix.names)))
	for t, name := range ix.names {
		e.str(name)
		e.uint(uint64(len(ix.postings[t])))
		for _, l := range ix.postings[t] {
			e.uint(uint64(l.class))
			if l.bm != nil {
				e.uint(1)
				e.bitmap(l.bm)
				continue
			}
			e.uint(0)
			e.uint32s(l.small)
		}
	}
	e.uint(uint64(len(ix.ids)))
	for _, id := range ix.ids {
		e.uint(id)
	}
	e.uint(uint64(ix.sorted))
	e.uint(uint64(len(ix.seqs.chunks)))
	for _, c := range ix.seqs.chunks {
		e.uint(uint64(len(c)))
		e.bytes(c)
	}
	for o := range ix.ids {
		e.uint(ix.seqs.at[o])
		e.uint(uint64(ix.seqs.n[o]))
		e.uint(uint64(ix.class[o]))
		e.uint(ix.cableKey[o])
	}
	e.bitmap(ix.dead)
	e.bitmap(ix.unmarked)
	e.writeCables(&ix.cables)
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// writeCables writes the cable table; its sets are derived on reading.
func (e *encoder) writeCables(t *cableTable) {
	e.uint(uint64(len(t.strs)))
	for _, s := range t.strs {
		e.str(s)
	}
	e.uint(uint64(len(t.entries)))
	for key, c := range t.entries {
		e.uint(key)
		e.uint(uint64(c.banner))
		e.uint(uint64(c.dtg))
		e.bool(c.hasDTG)
		e.uint32s(c.vals)
		e.uint32s(c.ords)
	}
}

// ReadSnapshot reads an index that WriteSnapshot wrote.
func ReadSnapshot(r io.Reader) (*Index, error) {
	d := &decoder{r: bufio.NewReaderSize(r, 1<<20)}
	if magic := d.bytes(len(snapshotMagic)); string(magic) != snapshotMagic {
		return nil, errors.New("not an index snapshot of this version")
	}
	ix := New()
	n := d.len()
	for t := 0; t < n && d.err == nil; t++ {
		if ix.term(d.str()) != uint32(t) {
			d.fail("a term is written twice")
			break
		}
		nl := d.len()
		lists := make([]classList, 0, capped(nl))
		for i := 0; i < nl && d.err == nil; i++ {
			l := classList{class: Class(d.uint())}
			if d.uint() == 1 {
				l.bm = d.bitmap()
			} else {
				l.small = d.uint32s()
			}
			lists = append(lists, l)
		}
		ix.postings[t] = lists
	}
	nids := d.len()
	ix.ids = make([]uint64, 0, capped(nids))
	for o := 0; o < nids && d.err == nil; o++ {
		ix.ids = append(ix.ids, d.uint())
	}
	ix.sorted = d.len()
	if ix.sorted > len(ix.ids) {
		d.fail("sorted ordinals past the ids")
	}
	for o := ix.sorted; o < len(ix.ids) && d.err == nil; o++ {
		ix.tail[ix.ids[o]] = uint32(o)
	}
	nchunks := d.len()
	for i := 0; i < nchunks && d.err == nil; i++ {
		ix.seqs.chunks = append(ix.seqs.chunks, d.bytes(d.len()))
	}
	m := len(ix.ids)
	if d.err != nil {
		return nil, fmt.Errorf("read index snapshot: %w", d.err)
	}
	ix.seqs.at, ix.seqs.n = make([]uint64, m), make([]uint32, m)
	ix.class, ix.cableKey = make([]Class, m), make([]uint64, m)
	for o := 0; o < m && d.err == nil; o++ {
		ix.seqs.at[o], ix.seqs.n[o] = d.uint(), uint32(d.uint())
		ix.class[o], ix.cableKey[o] = Class(d.uint()), d.uint()
		if c := ix.seqs.at[o] >> 32; c >= uint64(len(ix.seqs.chunks)) || uint64(ix.seqs.at[o]&0xffffffff)+uint64(ix.seqs.n[o]) > uint64(len(ix.seqs.chunks[c])) {
			d.fail(fmt.Sprintf("ordinal %d's sequence lies outside its chunk", o))
		}
	}
	ix.dead, ix.unmarked = d.bitmap(), d.bitmap()
	d.readCables(&ix.cables)
	if d.err == nil {
		d.err = ix.checkOrdinals()
	}
	if d.err != nil {
		return nil, fmt.Errorf("read index snapshot: %w", d.err)
	}
	return ix, nil
}

// checkOrdinals reports an ordinal, in a posting list or a cable's
// portions, that the index does not hold: a snapshot that names one is
// damaged, and answering from it would fail.
func (ix *Index) checkOrdinals() error {
	n := uint32(len(ix.ids))
	for t, lists := range ix.postings {
		prev := Class(0)
		for i, l := range lists {
			if i > 0 && l.class <= prev {
				return fmt.Errorf("term %d's classes are out of order", t)
			}
			prev = l.class
			if (l.bm != nil && !l.bm.IsEmpty() && l.bm.Maximum() >= n) || (len(l.small) > 0 && slices.Max(l.small) >= n) {
				return fmt.Errorf("term %d lists a portion the index does not hold", t)
			}
			if len(l.small) > 0 && !slices.IsSorted(l.small) {
				return fmt.Errorf("term %d's list is out of order", t)
			}
		}
	}
	for key, c := range ix.cables.entries {
		if len(c.ords) > 0 && slices.Max(c.ords) >= n {
			return fmt.Errorf("cable %d lists a portion the index does not hold", key)
		}
	}
	return nil
}

// readCables reads the cable table and derives its sets.
func (d *decoder) readCables(t *cableTable) {
	for range d.len() {
		if d.err != nil {
			return
		}
		t.intern(d.str())
	}
	for range d.len() {
		if d.err != nil {
			return
		}
		key := d.uint()
		c := t.entry(key)
		c.banner, c.dtg, c.hasDTG = Class(d.uint()), int64(d.uint()), d.bool()
		c.vals, c.ords = d.uint32s(), d.uint32s()
		for _, v := range c.vals {
			if int(v) >= len(t.strs) {
				d.fail("a cable's value is not in the table")
				return
			}
			bm := t.sets[v]
			if bm == nil {
				bm = roaring64.New()
				t.sets[v] = bm
			}
			bm.Add(key)
		}
	}
}

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

func (d *decoder) bool() bool { return d.uint() == 1 }

// bytes reads n bytes, allocating as they arrive: a damaged length
// fails at the end of the input rather than allocating it.
func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	b := make([]byte, 0, capped(n))
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
	n := d.len()
	b := d.bytes(n)
	bm := roaring.New()
	if d.err != nil {
		return bm
	}
	if err := bm.UnmarshalBinary(b); err != nil {
		d.fail("a bitmap does not parse: " + err.Error())
	}
	return bm
}
