package cabletext

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Lossless returns c in its own layout, as WriteLossless writes it: for a
// parsed cable, the text it was parsed from.
func Lossless(c *cable.Cable) []byte {
	var b bytes.Buffer
	WriteLossless(&b, c) // a bytes.Buffer does not fail
	return b.Bytes()
}

// WriteLossless writes c back in its own layout: for the archive layout the
// five envelope lines, then the header and body exactly as read. For a
// parsed cable the output is the input, byte for byte.
func WriteLossless(w io.Writer, c *cable.Cable) error {
	if c.Source.CRLF {
		w = crlfWriter{w}
	}
	bw := bufio.NewWriter(w)
	if c.Source.BOM {
		bw.WriteString(utf8BOM)
	}
	if c.Source.Layout == cable.LayoutArchive && c.Envelope != nil {
		e := c.Envelope
		for _, l := range []string{e.ReferenceID, e.Title, e.Created, e.Classification, e.Origin} {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	bw.WriteString(c.Source.Header)
	bw.WriteString(c.Source.Body)
	return bw.Flush()
}

// crlfWriter ends the lines it writes CR LF: it puts back the line ends
// of a text the reader read with CR LF (plainText).
type crlfWriter struct{ w io.Writer }

func (cw crlfWriter) Write(p []byte) (int, error) {
	if _, err := cw.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Write writes the canonical telegram of c: the header lines in ACP 127
// order, then the text with the spaced classification line, captions, E.O.,
// TAGS, SUBJECT, REF, Classified By, numbered paragraphs with canonical
// portion marks, and the signature. Reading the output gives the same cable
// back.
func Write(w io.Writer, c *cable.Cable) error {
	bw := bufio.NewWriter(w)
	writeHeader(bw, &c.Header, c.Text.Class.Level)
	writeText(bw, &c.Text)
	return bw.Flush()
}

// Format returns the canonical telegram of c as a string.
func Format(c *cable.Cable) string {
	var b strings.Builder
	Write(&b, c) // a strings.Builder does not fail
	return b.String()
}

func writeHeader(w *bufio.Writer, h *cable.Header, level string) {
	line := func(parts ...string) {
		w.WriteString(strings.Join(nonEmpty(parts), " "))
		w.WriteByte('\n')
	}
	if h.Partial {
		line(partialStub)
	}
	if h.TransmissionID != "" {
		line(h.TransmissionID)
	}
	if h.Prosign != "" {
		line(append([]string{h.Prosign}, h.Routes...)...)
	}
	if h.Station != "" {
		serial := "#" + h.StationSerial
		if h.Section != "" {
			serial += "/" + h.Section
		}
		line("DE", h.Station, serial, h.FilingTime)
	}
	if h.Security != "" {
		line(h.Security)
	}
	if h.DTG != "" {
		line(h.Precedence.Prosign(), h.InfoPrecedence.Prosign(), h.DTG)
	}
	if h.From.PLAD != "" {
		line("FM", addressText(h.From))
	}
	writeAddresses(w, "TO", h.To)
	writeAddresses(w, "INFO", h.Info)
}

func writeAddresses(w *bufio.Writer, kw string, as []cable.Address) {
	for k, a := range as {
		text := addressText(a)
		if k == 0 || !continuesAddresses(text) {
			w.WriteString(kw + " ")
		}
		w.WriteString(text)
		w.WriteByte('\n')
		for _, x := range a.Excluded {
			w.WriteString("XMT " + x + "\n")
		}
	}
}

// continuesAddresses reports whether an address written alone on its line
// reads back as the next address: "/" alone reads as a distribution line,
// so such an address is written after its keyword again ("TO /").
func continuesAddresses(text string) bool {
	n, st, ok := headerPrefix(text, inAddresses, true)
	return ok && st == inAddresses && n == len(text)
}

func addressText(a cable.Address) string {
	s := a.PLAD
	if a.RI != "" {
		s = a.RI + "/" + s
	}
	return strings.Join(nonEmpty([]string{s, a.Precedence.String(), a.MCN}), " ")
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func writeText(w *bufio.Writer, t *cable.Text) {
	w.WriteString(classLineText(t.Class))
	w.WriteString("\n\n")
	if len(t.Captions) > 0 {
		w.WriteString(strings.Join(t.Captions, " ") + "\n")
	}
	for _, l := range t.PassLines {
		w.WriteString(l + "\n")
	}
	if len(t.Captions)+len(t.PassLines) > 0 {
		w.WriteByte('\n')
	}
	block := false
	if t.EO != "" {
		w.WriteString(eoText(t) + "\n")
		block = true
	}
	if len(t.Tags) > 0 {
		w.WriteString("TAGS: " + tagsText(t.Tags) + "\n")
		block = true
	}
	if t.Subject != "" || t.SubjectMark != "" {
		w.WriteString("SUBJECT: " + markPrefix(t.SubjectMark) + t.Subject + "\n")
		block = true
	}
	if block {
		w.WriteByte('\n')
	}
	if len(t.References) > 0 {
		w.WriteString("REF: " + refText(t.References) + "\n\n")
	}
	if cb := t.ClassifiedBy; cb.Authority != "" || len(cb.Reasons) > 0 {
		w.WriteString(classifiedByText(cb) + "\n\n")
	}
	for _, p := range t.Paragraphs {
		if p.Heading != "" {
			w.WriteString(numberIndent(p.Heading) + p.Heading + "\n\n")
		}
		if p.Number > 0 {
			w.WriteString(paragraphOpening(p))
		} else {
			w.WriteString(numberIndent(p.Text))
		}
		w.WriteString(p.Text + "\n\n")
	}
	if t.Signature != "" {
		w.WriteString(t.Signature + "\n")
	}
}

// numberIndent returns the indent to write before an unnumbered text or a
// heading that opens with what reads as a number ("1)", which had more
// indent than a number may have): that much more, so that it reads as
// text again.
func numberIndent(s string) string {
	if _, ok := paragraphCandidate(s, 0); ok {
		return strings.Repeat(" ", maxNumberIndent+1)
	}
	return ""
}

// paragraphOpening writes a numbered paragraph's number and portion mark.
// A paragraph without a mark whose text opens with what reads as one
// ("(C )", from "1)\n(C )") has its text start on the next line, where the
// reader takes no mark.
func paragraphOpening(p cable.Paragraph) string {
	head := strconv.Itoa(p.Number) + ". " + markPrefix(p.Mark)
	if p.Mark == "" && strings.HasPrefix(p.Text, "(") {
		if c, _ := paragraphCandidate(head+p.Text, 0); c.mark != "" {
			return strconv.Itoa(p.Number) + ".\n"
		}
	}
	return head
}

// classLineText writes the classification line with the level letter-spaced
// as State's terminals print it: "S E C R E T SECTION 01 OF 02 STATE 159388".
func classLineText(cl cable.ClassLine) string {
	var parts []string
	switch cl.Level {
	case "UNCLASSIFIED":
		parts = append(parts, "UNCLAS")
		if cl.EFTO {
			parts = append(parts, "E F T O")
		}
	case "":
	case limitedOfficialUse:
		parts = append(parts, cl.Level)
	default:
		parts = append(parts, spaced(cl.Level))
	}
	if cl.Sections > 0 {
		parts = append(parts, "SECTION "+pad2(cl.Section)+" OF "+pad2(cl.Sections))
	}
	parts = append(parts, cl.Station, cl.Serial)
	return strings.Join(nonEmpty(parts), " ")
}

func spaced(word string) string {
	var b strings.Builder
	for i := 0; i < len(word); i++ {
		if word[i] == ' ' {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(word[i])
	}
	return b.String()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// eoText writes the E.O. line canonically when its date was read, and as
// written otherwise.
func eoText(t *cable.Text) string {
	switch {
	case t.Decl.NA:
		return "E.O. 12958: N/A"
	case !t.Decl.Date.IsZero():
		return "E.O. 12958: DECL: " + t.Decl.Date.Format("01/02/2006")
	}
	return t.EO
}

// markPrefix writes a portion mark canonically, "(S//NF) ", "(TS) " for a
// "(T/S)" read tolerantly, or as written when it cannot be read.
func markPrefix(mark string) string {
	if mark == "" {
		return ""
	}
	if m, _, err := marking.ReadMark(mark); err == nil {
		return "(" + m.Portion() + ") "
	}
	return "(" + mark + ") "
}

// refText writes the references one a line, each after its bullet ("B.
// STATE 123", "(2) STATE 123"). The reader takes a letter for a bullet only where a list
// can have one (a list starts at A), so when the bullets would not read
// back, and the references read back without them, they are left out.
// A line after one that holds no cable goes on with its item, so when the
// lines do not read back, the items go on one line, each ended by a
// semicolon ("0; 000;", "0..;", whose dots would end an extract).
// When nothing reads back (the bullets skip letters whose items were
// empty: "A. 1", "D. 1B)"), the text written is that of the references the
// bulleted lines read as, so that the canonical telegram reads as itself.
func refText(refs []cable.Reference) string {
	for _, semi := range []bool{false, true} {
		if s := refLines(refs, true, semi); readsBack(s, refs, true) {
			return s
		}
		if u := refLines(refs, false, semi); readsBack(u, refs, false) {
			return u
		}
	}
	s := refLines(refs, true, false)
	if opensField(s) {
		// A line of an item would start a field of its own ("0\nTAS\nAA"
		// is a REF item and a TAGS field): the item's lines go on one.
		folded := make([]cable.Reference, len(refs))
		for k, r := range refs {
			folded[k] = r
			folded[k].Text = strings.Join(strings.Fields(r.Text), " ")
		}
		s = refLines(folded, true, false)
	}
	for range 4 {
		got := ParseReferences("REF: "+s, 0, "")
		if len(got) == 0 {
			break
		}
		next := refLines(got, true, false)
		if next == s {
			break
		}
		s = next
	}
	return s
}

// refLines writes refs, with their bullets when labels is set, one a line,
// or, when semi is set, on one line, each ended by a semicolon.
func refLines(refs []cable.Reference, labels, semi bool) string {
	var b strings.Builder
	for k, r := range refs {
		switch {
		case k == 0:
		case semi:
			b.WriteString(" ")
		default:
			b.WriteString("\n")
		}
		switch {
		case !labels || r.Label == "":
		case isDigit(r.Label[0]):
			b.WriteString("(" + r.Label + ") ") // "1. " would open a paragraph
		default:
			b.WriteString(r.Label + ". ")
		}
		b.WriteString(r.Text)
		if semi {
			b.WriteString(";")
		}
	}
	return b.String()
}

// readsBack reports whether the REF block text reads back as refs: their
// texts, and their bullets when labels is set.
// A line that opens a paragraph ("1)A0000") would end the field instead.
func readsBack(text string, refs []cable.Reference, labels bool) bool {
	for _, line := range strings.Split(text, "\n")[1:] {
		if _, ok := paragraphCandidate(line, 0); ok {
			return false
		}
	}
	if opensField(text) {
		return false
	}
	got := ParseReferences("REF: "+text, 0, "")
	if len(got) != len(refs) {
		return false
	}
	for k, r := range refs {
		if got[k].Text != r.Text || labels && got[k].Label != r.Label {
			return false
		}
	}
	return true
}

// opensField reports whether a line of a field's text after its first
// opens a field of its own, as the preamble's reader (scanFields) would
// take it: a keyword with something after it ("TAS\nAA", tags).
func opensField(text string) bool {
	_, i := nextLine(text, 0)
	for i < len(text) {
		line, next := nextLine(text, i)
		if k, _ := fieldAt(trimSpace(stripPilcrow(line))); k != fieldNone && !emptyFieldAt(text[i:], k) {
			return true
		}
		i = next
	}
	return false
}

// emptyFieldAt reports whether the field of kind whose keyword opens text
// holds nothing, as scanFields measures it: tags as far as TagsEnd reads
// them, another field to the end of text.
func emptyFieldAt(text string, kind fieldKind) bool {
	if kind == fieldTags {
		return isEmptyField(text[:TagsEnd(text)])
	}
	return isEmptyField(text)
}

// classifiedByText writes the Classified By line: "Classified By: ISN
// Acting DAS Richard Stratford. Reasons: 1.4(b), 1.4(d)." An authority
// without reasons is written without them, so that the line stays within
// what the reader reads of it (maxAuthText).
func classifiedByText(cb cable.ClassifiedBy) string {
	if len(cb.Reasons) == 0 {
		return "Classified By: " + cb.Authority + "."
	}
	return "Classified By: " + cb.Authority + ". Reasons: " + reasonsText(cb.Reasons) + "."
}

func reasonsText(rs []string) string {
	return strings.Join(rs, ", ")
}

// tagsText writes tags separated by commas; a tag with a comma or space in
// it (a person, "ROOD, JOHN"), or that reads as a field's keyword ("REF"),
// goes in parentheses so that it reads as one tag.
func tagsText(tags []string) string {
	out := make([]string, len(tags))
	for k, t := range tags {
		if got := ParseTags(t); len(got) != 1 || got[0] != t {
			t = "(" + t + ")"
		} else if f, _ := fieldAt(t); f != fieldNone {
			t = "(" + t + ")" // "REF" would start a REF field on the line
		}
		out[k] = t
	}
	return strings.Join(out, ", ")
}
