package cabletext

// The items of a REF block (see reference.go) and the references they
// become.

import "github.com/cable/cable/internal/cable"

// pendingRef is a reference found: its text in src, its id in ids (empty
// for a non-cable reference) and its bullet.
type pendingRef struct {
	text, id, label span
	letter          byte // the bullet letter; 0 for a numbered or no bullet
	kind            uint8
}

// refKinds maps pendingRef.kind to the reference kind.
var refKinds = [...]cable.RefKind{cable.RefCable, cable.RefEmail, cable.RefTelcon, cable.RefMemo, cable.RefReport, cable.RefOther}

const (
	kindCable uint8 = iota
	kindEmail
	kindTelcon
	kindMemo
	kindReport
	kindOther
)

// content records token i as part of the current item.
func (p *refParser) content(i int) {
	t := p.toks[i]
	switch {
	case t.kind == tokOther:
		return // a ¶ before the next bullet, a ’ inside a word
	case p.isPunct(i, '('):
		p.seg.depth++
	case p.isPunct(i, ')'):
		p.seg.depth = max(p.seg.depth-1, 0)
	}
	p.fresh = false
	if p.seg.first < 0 {
		p.seg.first = i
	}
	p.seg.last = i
	if t.kind == tokNum || t.kind == tokWord && !t.isFiller() {
		p.seg.substantive = true
	}
	if !p.seg.cable && t.end-p.toks[p.seg.first].pos > maxRefItem {
		p.stop, p.runaway = true, true // no reference is this long
	}
}

// maxRefItem is the longest non-cable reference ParseReferences accepts;
// a longer one is the text after the block.
const maxRefItem = 250

// endSegment closes the current item, keeping it as a non-cable reference
// if it held no cable reference and says something. An item cut short by
// the end of a runaway block is dropped.
func (p *refParser) endSegment() {
	s := p.seg
	p.seg = segment{first: -1}
	if s.cable || !s.substantive || s.first < 0 || p.runaway {
		return
	}
	p.add(pendingRef{
		text:   span{p.toks[s.first].pos, p.toks[s.last].end},
		label:  p.label,
		letter: p.letter,
		kind:   p.kindOf(s.first, s.last),
	})
}

// add keeps r, or stops the block when it holds more references than
// ParseReferences returns.
func (p *refParser) add(r pendingRef) {
	if p.nfound == len(p.found) {
		p.stop = true
		return
	}
	p.found[p.nfound] = r
	p.nfound++
}

// emit records a cable reference spanning tokens [from, to) unless it is
// the citing cable itself or a duplicate. A reference with no year when the
// citing year is unknown cannot be identified and is kept as RefOther.
func (p *refParser) emit(from, to int, station []byte, yy int, serial int) {
	p.seg.cable, p.fresh = true, false
	p.last.nstation = copy(p.last.station[:], station)
	p.last.yy, p.last.end, p.last.chain = yy, to, false
	r := pendingRef{
		text:   span{p.toks[from].pos, p.toks[to-1].end},
		label:  p.label,
		letter: p.letter,
		kind:   kindCable,
	}
	if yy < 0 {
		r.kind = kindOther
		p.add(r)
		return
	}
	var buf [40]byte
	id := append(buf[:0], byte('0'+yy/10), byte('0'+yy%10))
	id = append(id, station...)
	id = appendSerial(id, serial)
	if string(id) == p.self || p.seen(id) || p.nids+len(id) > len(p.ids) {
		return
	}
	r.id = span{int32(p.nids), int32(p.nids + len(id))}
	p.nids += copy(p.ids[p.nids:], id)
	p.add(r)
}

// seen reports whether id is among the ids found already.
func (p *refParser) seen(id []byte) bool {
	for _, r := range p.found[:p.nfound] {
		if r.id.end > r.id.start && string(p.ids[r.id.start:r.id.end]) == string(id) {
			return true
		}
	}
	return false
}

func appendSerial(dst []byte, n int) []byte {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return append(dst, b[i:]...)
		}
	}
}

// finish builds the result from what was found: one allocation for the
// references and one for all their ids.
func (p *refParser) finish(block string) []cable.Reference {
	if p.nfound == 0 {
		return nil
	}
	refs := make([]cable.Reference, p.nfound)
	ids := string(p.ids[:p.nids])
	for i, r := range p.found[:p.nfound] {
		refs[i] = cable.Reference{
			Text: block[r.text.start:r.text.end], // token to token: trimmed
			ID:   ids[r.id.start:r.id.end],
			Kind: refKinds[r.kind],
		}
		switch {
		case r.letter != 0:
			refs[i].Label = bulletLetters[r.letter-'A' : r.letter-'A'+1]
		case r.label.end > r.label.start:
			refs[i].Label = block[r.label.start:r.label.end]
		}
	}
	return refs
}

const bulletLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// kindOf guesses what tokens [from, to] name from their words.
func (p *refParser) kindOf(from, to int) uint8 {
	for i := from; i <= to; i++ {
		if t := p.toks[i]; t.kind == tokWord {
			for _, k := range refKindWords {
				if p.wordIn(t, k.words...) {
					return k.kind
				}
			}
		}
	}
	return kindOther
}

// refKindWords are the words that tell what a non-cable reference is.
// E-MAIL is read as the word MAIL after E and a hyphen.
var refKindWords = [...]struct {
	kind  uint8
	words []string
}{
	{kindEmail, []string{"EMAIL", "EMAILS", "MAIL", "MAILS", "EMAILED"}},
	{kindTelcon, []string{"TELCON", "TELCONS", "TELECON", "TELECONS", "TELECONFERENCE", "TELEPHONE", "PHONE", "PHONECON"}},
	{kindMemo, []string{"MEMO", "MEMOS", "MEMORANDUM", "MEMCON", "MEMCONS"}},
	{kindReport, []string{"REPORT", "REPORTS", "OSC", "IIR", "TD", "INCSR", "FBIS", "SITREP"}},
}
