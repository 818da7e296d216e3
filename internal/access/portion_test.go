package access_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// TestBanner checks where the banner comes from: the envelope, the class
// line with marking captions, the stricter of both, and TOP
// SECRET//NOFORN when neither can be read.
func TestBanner(t *testing.T) {
	t.Parallel()
	class := func(level string, caps ...string) cable.Text {
		return cable.Text{Class: cable.ClassLine{Level: level}, Captions: caps}
	}
	tests := []struct {
		name    string
		c       *cable.Cable
		want    string
		wantErr bool
	}{
		{"seed", MustReadSeed(t), "SECRET", false},
		{"envelope only", &cable.Cable{Envelope: &cable.Envelope{Classification: "CONFIDENTIAL//NOFORN"}}, "CONFIDENTIAL//NOFORN", false},
		{"class line with NOFORN caption", &cable.Cable{Text: class("SECRET", "SIPDIS", "NOFORN")}, "SECRET//NOFORN", false},
		{"class line with SENSITIVE caption", &cable.Cable{Text: class("UNCLASSIFIED", "SENSITIVE", "SIPDIS")}, "UNCLASSIFIED//SBU", false},
		{"SENSITIVE dropped above U", &cable.Cable{Text: class("CONFIDENTIAL", "SENSITIVE")}, "CONFIDENTIAL", false},
		{"stricter of envelope and class line", &cable.Cable{
			Envelope: &cable.Envelope{Classification: "CONFIDENTIAL"}, Text: class("SECRET"),
		}, "SECRET", false},
		{"envelope NOFORN kept over class line", &cable.Cable{
			Envelope: &cable.Envelope{Classification: "SECRET//NOFORN"}, Text: class("SECRET"),
		}, "SECRET//NOFORN", false},
		{"unreadable envelope: class line", &cable.Cable{
			Envelope: &cable.Envelope{Classification: "SEKRIT"}, Text: class("CONFIDENTIAL"),
		}, "CONFIDENTIAL", false},
		// NARA's LOU telegrams: read as SBU (MARKINGS.md §1), no longer
		// withheld as unreadable.
		{"LIMITED OFFICIAL USE envelope", &cable.Cable{Envelope: &cable.Envelope{Classification: "LIMITED OFFICIAL USE"}}, "UNCLASSIFIED//SBU", false},
		{"LIMITED OFFICIAL USE under a CONFIDENTIAL class line", &cable.Cable{
			Envelope: &cable.Envelope{Classification: "LIMITED OFFICIAL USE"}, Text: class("CONFIDENTIAL"),
		}, "CONFIDENTIAL", false},
		{"LIMITED OFFICIAL USE class line", &cable.Cable{Text: class("LIMITED OFFICIAL USE")}, "UNCLASSIFIED//SBU", false},
		{"nothing readable fails closed", &cable.Cable{Envelope: &cable.Envelope{Classification: "SEKRIT"}}, "TOP SECRET//NOFORN", true},
		{"empty cable fails closed", &cable.Cable{}, "TOP SECRET//NOFORN", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := access.Banner(tt.c)
			if got.Banner() != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("Banner() = %s, %v; want %s, error %v", got.Banner(), err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestPortions_Seed checks the portions of the seed: the unmarked subject
// and signature take the banner SECRET; paragraphs carry their own marks.
func TestPortions_Seed(t *testing.T) {
	t.Parallel()
	s := MustParseMark(t, "S")
	rel := MustParseMark(t, "S//REL TO USA, CHN")
	nf := MustParseMark(t, "S//NF")
	u := MustParseMark(t, "U")
	para := func(i int, m marking.Marking) access.Portion {
		return access.Portion{Kind: access.PortionParagraph, Index: i, Number: i + 1, Marking: m, Marked: true, Readable: true}
	}
	want := []access.Portion{
		{Kind: access.PortionSubject, Index: -1, Marking: s, Readable: true},
		para(0, s), para(1, rel), para(2, nf), para(3, nf), para(4, nf), para(5, rel), para(6, u), para(7, u),
		{Kind: access.PortionUnmarked, Index: -1, Marking: s, Readable: true},
	}
	if diff := cmp.Diff(want, access.Portions(MustReadSeed(t))); diff != "" {
		t.Errorf("Portions(seed) (-want +got):\n%s", diff)
	}
}

// TestPortions_Unreadable checks that a mark is read tolerantly where a
// person reads it without doubt, and that a mark that cannot be read
// withholds its portion from every reader, with its error recorded, and
// never falls back to the banner (MARKINGS.md §2); unmarked text takes
// the banner.
func TestPortions_Unreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, banner, mark string
		want               string // the portion's marking, as a banner; "" when unreadable
		tolerant           bool
	}{
		{"readable", "SECRET", "C", "CONFIDENTIAL", false},
		{"unmarked takes the banner", "SECRET//REL TO USA, GBR", "", "SECRET//REL TO USA, GBR", false},
		{"TOP SECRET spelt out", "SECRET", "TOP SECRET", "TOP SECRET", false},
		{"T/S", "SECRET", "T/S", "TOP SECRET", true},
		{"TSNF", "SECRET", "TSNF", "TOP SECRET//NOFORN", true},
		{"T.S.", "SECRET", "T.S.", "TOP SECRET", true},
		{"TS colon", "SECRET", "TS:", "TOP SECRET", true},
		{"unknown control", "SECRET", "C/XX", "", false},
		{"unknown level", "SECRET", "X//BAD", "", false},
		{"compartment", "TOP SECRET", "TS/SI", "", false},
		{"unknown country", "SECRET//REL TO USA, GBR", "S/REL TO ATLANTIS", "", false},
		{"unknown control on U", "SECRET//REL TO USA, GBR", "U/XX", "", false},
		{"no level at all", "UNCLASSIFIED", "??", "", false},
	}
	readers := []access.Reader{
		{Clearance: marking.TopSecret, Citizenship: "USA", ReadIns: []marking.Caption{marking.NODIS, marking.EXDIS}},
		{Clearance: marking.Secret, Citizenship: "GBR"},
		{},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &cable.Cable{
				Envelope: &cable.Envelope{Classification: tt.banner},
				Text: cable.Text{Paragraphs: []cable.Paragraph{{Number: 1, Mark: tt.mark, Text: "x"}},
					Decl: cable.Decl{Date: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}}, // declassified
			}
			ps := access.Portions(c)
			if len(ps) != 1 {
				t.Fatalf("Portions() = %d portions, want 1", len(ps))
			}
			p := ps[0]
			if tt.want == "" {
				var me *marking.MarkError
				if !p.Unreadable || p.Readable || !errors.As(p.Err, &me) {
					t.Errorf("Portions()[0] = unreadable %v, readable %v, err %v; want unreadable with a *marking.MarkError", p.Unreadable, p.Readable, p.Err)
				}
				for _, p := range append(ps, access.PortionsAt(c, time.Now())...) {
					for _, r := range readers {
						if access.Visible(r, p) {
							t.Errorf("reader %+v may see a portion marked %q, which cannot be read", r, tt.mark)
						}
					}
				}
				return
			}
			if p.Unreadable || !p.Readable || p.Marking.Banner() != tt.want || p.Tolerant != tt.tolerant {
				t.Errorf("Portions()[0] = %s, unreadable %v, tolerant %v, err %v; want %s, tolerant %v",
					p.Marking.Banner(), p.Unreadable, p.Tolerant, p.Err, tt.want, tt.tolerant)
			}
		})
	}
}

// TestPortions_UnreadableBanner checks that a cable whose banner cannot be
// read treats its unmarked text as TOP SECRET//NOFORN.
func TestPortions_UnreadableBanner(t *testing.T) {
	t.Parallel()
	c := &cable.Cable{Envelope: &cable.Envelope{Classification: "SEKRIT"},
		Text: cable.Text{Paragraphs: []cable.Paragraph{{Number: 1, Text: "x"}}}}
	p := access.Portions(c)[0]
	if p.Marking.Banner() != "TOP SECRET//NOFORN" || p.Readable || p.Unreadable {
		t.Errorf("Portions()[0] = %s, readable %v, unreadable %v; want TOP SECRET//NOFORN, readable false, unreadable false",
			p.Marking.Banner(), p.Readable, p.Unreadable)
	}
}

// TestDeclassified checks §7: a read date not after now and no exemption.
func TestDeclassified(t *testing.T) {
	t.Parallel()
	d2032 := time.Date(2032, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		eo   string
		decl cable.Decl
		now  time.Time
		want bool
	}{
		{"before the date", "E.O. 12958: DECL: 12/31/2032", cable.Decl{Date: d2032}, now, false},
		{"on the date", "E.O. 12958: DECL: 12/31/2032", cable.Decl{Date: d2032}, d2032, true},
		{"after the date", "E.O. 12958: DECL: 12/31/2032", cable.Decl{Date: d2032}, d2032.AddDate(0, 0, 2), true},
		{"unreadable date", "E.O. 12958: DECL: 1.6X1", cable.Decl{Raw: "1.6X1"}, d2032.AddDate(50, 0, 0), false},
		{"free text", "E.O. 12958: DECL: OADR", cable.Decl{Raw: "OADR"}, d2032.AddDate(50, 0, 0), false},
		{"N/A", "E.O. 12958: N/A", cable.Decl{NA: true}, d2032, false},
		{"25X1 exemption", "E.O. 12958: DECL: 12/31/2032 25X1", cable.Decl{Date: d2032}, d2032.AddDate(1, 0, 0), false},
		{"50X1-HUM exemption", "E.O. 13526: DECL: 50X1-HUM, 12/31/2032", cable.Decl{Date: d2032}, d2032.AddDate(1, 0, 0), false},
		{"25x6 lower case", "e.o. 12958: decl: 12/31/2032 (25x6)", cable.Decl{Date: d2032}, d2032.AddDate(1, 0, 0), false},
		{"exemption in Raw only", "", cable.Decl{Date: d2032, Raw: "12/31/2032 X1"}, d2032.AddDate(1, 0, 0), false},
		{"E.O. number is not an exemption", "E.O. 12958: DECL: 12/31/2032", cable.Decl{Date: d2032, Raw: "12/31/2032"}, d2032, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &cable.Cable{Text: cable.Text{EO: tt.eo, Decl: tt.decl}}
			if got := access.Declassified(c, tt.now); got != tt.want {
				t.Errorf("Declassified(%q, %v) = %v, want %v", tt.eo, tt.now.Format(time.DateOnly), got, tt.want)
			}
		})
	}
}

// TestPortionsAt checks that a declassified cable's portions are all (U)
// and that the stored cable is unchanged.
func TestPortionsAt(t *testing.T) {
	t.Parallel()
	c := MustReadSeed(t)
	before := access.Portions(c)
	after := access.PortionsAt(c, time.Date(2033, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(after) != len(before) {
		t.Fatalf("PortionsAt: %d portions, want %d", len(after), len(before))
	}
	for i, p := range after {
		if diff := cmp.Diff(marking.Marking{}, p.Marking, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("portion %d after 2033 (-want +got):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff(before, access.PortionsAt(c, now)); diff != "" {
		t.Errorf("PortionsAt(now) differs from Portions (-want +got):\n%s", diff)
	}
}
