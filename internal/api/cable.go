package api

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// Cable is the JSON document of one cable.
type Cable struct {
	ID             string    `json:"id"`
	Classification string    `json:"classification"`
	Precedence     string    `json:"precedence,omitempty"`
	DTG            string    `json:"dtg,omitempty"`
	From           []Address `json:"from"`
	To             []Address `json:"to"`
	Info           []Address `json:"info"`
	Captions       []string  `json:"captions"`
	PassLines      []string  `json:"pass_lines,omitempty"`
	EO             string    `json:"eo,omitempty"`
	Decl           string    `json:"decl,omitempty"`
	DeclText       string    `json:"decl_text,omitempty"`
	Tags           []string  `json:"tags"`
	Subject        string    `json:"subject"`
	SubjectMark    string    `json:"subject_mark,omitempty"`
	References     []Ref     `json:"references"`
	ClassifiedBy   string    `json:"classified_by,omitempty"`
	Classifiers    []string  `json:"classifiers,omitempty"`
	Reasons        []string  `json:"reasons"`
	Paragraphs     []Para    `json:"paragraphs"`
	Signature      string    `json:"signature,omitempty"`
	Header         Header    `json:"header"`
	ClassLine      ClassLine `json:"class_line"`
	Envelope       *Envelope `json:"envelope,omitempty"`
	Warnings       []Warning `json:"warnings"`
}

// Address is one addressee.
type Address struct {
	PLAD       string   `json:"plad"`
	RI         string   `json:"ri,omitempty"`
	Precedence string   `json:"precedence,omitempty"`
	MCN        string   `json:"mcn,omitempty"`
	Excluded   []string `json:"excluded,omitempty"`
}

// Ref is one REF entry; ID is set when it names a cable.
type Ref struct {
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
	ID    string `json:"id,omitempty"`
	Kind  string `json:"kind"`
}

// Para is one paragraph. Number 0 is text before paragraph 1.
type Para struct {
	Number  int    `json:"number"`
	Mark    string `json:"mark"`
	Heading string `json:"heading,omitempty"`
	Text    string `json:"text"`
	Line    int    `json:"line,omitempty"`
}

// Header is the rest of the ACP 127 transmission header.
type Header struct {
	TransmissionID string   `json:"transmission_id,omitempty"`
	Prosign        string   `json:"prosign,omitempty"`
	Routes         []string `json:"routes,omitempty"`
	Station        string   `json:"station,omitempty"`
	StationSerial  string   `json:"station_serial,omitempty"`
	Section        string   `json:"section,omitempty"`
	FilingTime     string   `json:"filing_time,omitempty"`
	Security       string   `json:"security,omitempty"`
	Precedence     string   `json:"precedence,omitempty"`
	InfoPrecedence string   `json:"info_precedence,omitempty"`
	DTG            string   `json:"dtg,omitempty"`
	Partial        bool     `json:"partial,omitempty"`
}

// ClassLine is the telegram's own classification line.
type ClassLine struct {
	Raw      string `json:"raw,omitempty"`
	Level    string `json:"level,omitempty"`
	EFTO     bool   `json:"efto,omitempty"`
	Section  int    `json:"section,omitempty"`
	Sections int    `json:"sections,omitempty"`
	Station  string `json:"station,omitempty"`
	Serial   string `json:"serial,omitempty"`
}

// Envelope is the archive's metadata lines.
type Envelope struct {
	ReferenceID    string `json:"reference_id"`
	Title          string `json:"title"`
	Created        string `json:"created"`
	Classification string `json:"classification"`
	Origin         string `json:"origin"`
}

// Warning is a problem the reader or a check found, with its position.
type Warning struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FromCable maps a cable onto its JSON document. Empty lists are written as
// [] rather than null so that readers need no null checks.
func FromCable(c *cable.Cable) Cable {
	t, h := &c.Text, &c.Header
	out := Cable{
		ID:             c.ID,
		Classification: Classification(c),
		From:           []Address{},
		To:             addresses(h.To),
		Info:           addresses(h.Info),
		Captions:       orEmpty(t.Captions),
		PassLines:      t.PassLines,
		EO:             t.EO,
		DeclText:       t.Decl.Raw,
		Tags:           orEmpty(t.Tags),
		Subject:        t.Subject,
		SubjectMark:    t.SubjectMark,
		References:     refs(t.References),
		ClassifiedBy:   t.ClassifiedBy.Authority,
		Classifiers:    t.ClassifiedBy.Names,
		Reasons:        orEmpty(t.ClassifiedBy.Reasons),
		Paragraphs:     paras(t.Paragraphs),
		Signature:      t.Signature,
		Header:         header(h),
		ClassLine:      ClassLine(t.Class),
		Warnings:       warnings(c.Warnings),
	}
	out.Precedence = c.Precedence().String()
	if !h.Time.IsZero() {
		out.DTG = h.Time.Format(time.RFC3339)
	}
	if h.From.PLAD != "" {
		out.From = addresses([]cable.Address{h.From})
	}
	if !t.Decl.Date.IsZero() {
		out.Decl = t.Decl.Date.Format(time.DateOnly)
	}
	if e := c.Envelope; e != nil {
		out.Envelope = &Envelope{e.ReferenceID, e.Title, e.Created, e.Classification, e.Origin}
	}
	return out
}

// Classification returns the cable's overall classification as written: the
// archive's banner when there is one, else the classification line's level.
func Classification(c *cable.Cable) string {
	if c.Envelope != nil && c.Envelope.Classification != "" {
		return c.Envelope.Classification
	}
	return c.Text.Class.Level
}

func header(h *cable.Header) Header {
	return Header{
		TransmissionID: h.TransmissionID, Prosign: h.Prosign, Routes: h.Routes,
		Station: h.Station, StationSerial: h.StationSerial, Section: h.Section,
		FilingTime: h.FilingTime, Security: h.Security, Precedence: h.Precedence.String(),
		InfoPrecedence: h.InfoPrecedence.String(), DTG: h.DTG, Partial: h.Partial,
	}
}

func addresses(as []cable.Address) []Address {
	out := make([]Address, 0, len(as))
	for _, a := range as {
		out = append(out, Address{PLAD: a.PLAD, RI: a.RI, Precedence: a.Precedence.String(), MCN: a.MCN, Excluded: a.Excluded})
	}
	return out
}

func refs(rs []cable.Reference) []Ref {
	out := make([]Ref, 0, len(rs))
	for _, r := range rs {
		out = append(out, Ref{Label: r.Label, Text: r.Text, ID: r.ID, Kind: string(r.Kind)})
	}
	return out
}

func paras(ps []cable.Paragraph) []Para {
	out := make([]Para, 0, len(ps))
	for _, p := range ps {
		out = append(out, Para{Number: p.Number, Mark: p.Mark, Heading: p.Heading, Text: p.Text, Line: p.Line})
	}
	return out
}

func warnings(ws []cable.Warning) []Warning {
	out := make([]Warning, 0, len(ws))
	for _, w := range ws {
		out = append(out, Warning(w))
	}
	return out
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
