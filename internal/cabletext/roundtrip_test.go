package cabletext

import (
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// comparable returns the parts of c that the canonical writer must keep:
// everything but the envelope, source, positions and warnings, with portion
// marks by meaning (the writer canonicalises them).
func comparable(c *cable.Cable) cable.Cable {
	out := cable.Cable{Header: c.Header, Text: c.Text}
	out.Text.Paragraphs = append([]cable.Paragraph(nil), c.Text.Paragraphs...)
	for k := range out.Text.Paragraphs {
		p := &out.Text.Paragraphs[k]
		p.Line = 0
		p.Mark = canonicalMark(p.Mark)
	}
	out.Text.SubjectMark = canonicalMark(out.Text.SubjectMark)
	out.Text.Class.Raw = ""
	out.Text.EO = ""
	out.Text.Decl.Raw = ""
	return out
}

// canonicalMark reads a mark as the canonical writer does (markPrefix),
// tolerantly: "(SNF)" is written "(S//NF)" and means the same.
func canonicalMark(s string) string {
	if m, _, err := marking.ReadMark(s); err == nil {
		return m.Portion()
	}
	return s
}

// roundTripDiff returns how Parse(Format(c)) differs from c, or "".
func roundTripDiff(c *cable.Cable) string {
	again := ParseString(Format(c))
	a, b := comparable(c), comparable(again)
	if c.Envelope != nil && c.Header.Time.IsZero() {
		// Without a DTG the telegram does not say its year, which
		// references written without one take from the envelope.
		a.Text.References, b.Text.References = nil, nil
	}
	if c.Envelope == nil {
		// With an envelope the id came from it, and the canonical
		// telegram (which has none) must derive it from the text.
		a.ID, b.ID = c.ID, again.ID
	}
	return cmp.Diff(a, b, cmpopts.EquateEmpty())
}

// diffFields names the top-level fields in which Parse(Format(c)) differs.
func diffFields(c *cable.Cable) []string {
	a, b := comparable(c), comparable(ParseString(Format(c)))
	if c.Envelope != nil && c.Header.Time.IsZero() {
		a.Text.References, b.Text.References = nil, nil
	}
	var out []string
	add := func(name string, x, y any) {
		if !cmp.Equal(x, y, cmpopts.EquateEmpty()) {
			out = append(out, name)
		}
	}
	add("header", a.Header, b.Header)
	add("class", a.Text.Class, b.Text.Class)
	add("captions", a.Text.Captions, b.Text.Captions)
	add("passlines", a.Text.PassLines, b.Text.PassLines)
	add("decl", a.Text.Decl, b.Text.Decl)
	add("tags", a.Text.Tags, b.Text.Tags)
	add("subject", a.Text.Subject+"|"+a.Text.SubjectMark, b.Text.Subject+"|"+b.Text.SubjectMark)
	add("refs", a.Text.References, b.Text.References)
	add("classby", a.Text.ClassifiedBy, b.Text.ClassifiedBy)
	add("paragraphs", a.Text.Paragraphs, b.Text.Paragraphs)
	add("signature", a.Text.Signature, b.Text.Signature)
	return out
}
