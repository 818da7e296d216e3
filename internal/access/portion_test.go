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

// TestPortions_Unreadable checks that an unreadable mark is read as the
// roll-up of the banner and what can be gleaned, never below the banner,
// with its error recorded; and that unmarked text takes the banner.
func TestPortions_Unreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, banner, mark string
		want               string // the portion's banner
		readable           bool
	}{
		{"readable", "SECRET", "C", "CONFIDENTIAL", true},
		{"unmarked takes the banner", "SECRET//REL TO USA, GBR", "", "SECRET//REL TO USA, GBR", true},
		{"unknown control: banner", "SECRET", "C/XX", "SECRET", false},
		{"gleaned level above banner", "CONFIDENTIAL", "S/XX", "SECRET", false},
		{"gleaned NOFORN", "SECRET", "S/NF/XX", "SECRET//NOFORN", false},
		{"gleaned SBU NF below classified banner", "CONFIDENTIAL", "SBU/NF/XX", "CONFIDENTIAL//NOFORN", false},
		{"unreadable loses the banner's REL TO", "SECRET//REL TO USA, GBR", "S/REL TO ATLANTIS", "SECRET", false},
		{"gleaned U keeps the banner", "SECRET//REL TO USA, GBR", "U/XX", "SECRET//REL TO USA, GBR", false},
		{"no level at all", "UNCLASSIFIED", "??", "UNCLASSIFIED", false},
		{"unreadable banner fails closed", "SEKRIT", "", "TOP SECRET//NOFORN", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &cable.Cable{
				Envelope: &cable.Envelope{Classification: tt.banner},
				Text:     cable.Text{Paragraphs: []cable.Paragraph{{Number: 1, Mark: tt.mark, Text: "x"}}},
			}
			ps := access.Portions(c)
			if len(ps) != 1 {
				t.Fatalf("Portions() = %d portions, want 1", len(ps))
			}
			p := ps[0]
			if p.Marking.Banner() != tt.want || p.Readable != tt.readable || (p.Err == nil) != tt.readable {
				t.Errorf("Portions()[0] = %s, readable %v, err %v; want %s, readable %v", p.Marking.Banner(), p.Readable, p.Err, tt.want, tt.readable)
			}
			var me *marking.MarkError
			if tt.mark != "" && !tt.readable && !errors.As(p.Err, &me) {
				t.Errorf("Portions()[0].Err = %v, want a *marking.MarkError", p.Err)
			}
			b, _ := access.Banner(c)
			if !p.Marking.Dominates(b) && !tt.readable {
				t.Errorf("unreadable portion %s is less restrictive than banner %s", p.Marking.Banner(), b.Banner())
			}
		})
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
