package access

import (
	"slices"

	"github.com/cable/cable/internal/cable"
)

// copyCable returns a copy of c that shares no slice or pointer with it,
// so that redacting a view never touches the stored cable. The source
// text and the reader's warnings are left out: both hold the whole
// original, withheld portions included.
func copyCable(c *cable.Cable) *cable.Cable {
	v := *c
	if c.Envelope != nil {
		e := *c.Envelope
		v.Envelope = &e
	}
	v.Header = copyHeader(c.Header)
	v.Text = copyText(c.Text)
	v.Warnings = nil
	v.Source = cable.Source{Layout: c.Source.Layout}
	return &v
}

func copyHeader(h cable.Header) cable.Header {
	h.Routes = slices.Clone(h.Routes)
	h.From = copyAddress(h.From)
	h.To = copyAddresses(h.To)
	h.Info = copyAddresses(h.Info)
	return h
}

func copyAddresses(as []cable.Address) []cable.Address {
	if as == nil {
		return nil
	}
	out := make([]cable.Address, len(as))
	for i, a := range as {
		out[i] = copyAddress(a)
	}
	return out
}

func copyAddress(a cable.Address) cable.Address {
	a.Excluded = slices.Clone(a.Excluded)
	return a
}

func copyText(t cable.Text) cable.Text {
	t.Captions = slices.Clone(t.Captions)
	t.PassLines = slices.Clone(t.PassLines)
	t.Tags = slices.Clone(t.Tags)
	t.References = slices.Clone(t.References)
	t.ClassifiedBy.Names = slices.Clone(t.ClassifiedBy.Names)
	t.ClassifiedBy.Reasons = slices.Clone(t.ClassifiedBy.Reasons)
	t.Paragraphs = slices.Clone(t.Paragraphs)
	return t
}
