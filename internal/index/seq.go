package index

import "encoding/binary"

// sequences keeps each portion's terms in order (its term numbers as
// uvarints), so that a phrase is checked on the portions that hold all
// its words, and only on those: positions are read for candidates the
// reader may see, never for others. Term numbers are given in the order
// tokens are first met, so the common words have small numbers and most
// take one or two bytes.
//
// The bytes live in chunks of up to chunkSize (a sequence longer than
// that in a chunk of its own), so that growing the index copies at most
// one chunk.
type sequences struct {
	chunks [][]byte
	at     []uint64 // by ordinal: chunk<<32 | offset
	n      []uint32 // by ordinal: length in bytes
}

const chunkSize = 1 << 20

// add appends the next ordinal's sequence.
func (s *sequences) add(terms []uint32) {
	var buf [binary.MaxVarintLen32]byte
	size := 0
	for _, t := range terms {
		size += binary.PutUvarint(buf[:], uint64(t))
	}
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+size > chunkSize {
		s.chunks = append(s.chunks, make([]byte, 0, min(chunkSize, 4*size)))
		last++
	}
	c := s.chunks[last]
	s.at = append(s.at, uint64(last)<<32|uint64(len(c)))
	s.n = append(s.n, uint32(size))
	for _, t := range terms {
		c = binary.AppendUvarint(c, uint64(t))
	}
	s.chunks[last] = c
}

// raw returns ordinal o's sequence as stored. ix.mu is held while it is
// read.
func (s *sequences) raw(o uint32) []byte {
	at := s.at[o]
	return s.chunks[at>>32][at&(1<<32-1):][:s.n[o]]
}

// get appends ordinal o's terms to buf.
func (s *sequences) get(o uint32, buf []uint32) []uint32 {
	at := s.at[o]
	b := s.chunks[at>>32][at&(1<<32-1):]
	b = b[:s.n[o]]
	for len(b) > 0 {
		v, k := binary.Uvarint(b)
		buf = append(buf, uint32(v))
		b = b[k:]
	}
	return buf
}

// bytes is the sequences' size in memory, offsets included.
func (s *sequences) bytes() uint64 {
	var n uint64
	for _, c := range s.chunks {
		n += uint64(len(c))
	}
	return n + 12*uint64(len(s.at))
}
