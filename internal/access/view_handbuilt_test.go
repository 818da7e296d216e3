package access_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// handBuilt is a CONFIDENTIAL NOFORN cable from Malabo with an unmarked
// opening paragraph, headed paragraphs, a (U) subject and a signature.
func handBuilt() *cable.Cable {
	return &cable.Cable{
		ID:     "09MALABO123",
		Header: cable.Header{Security: "ZNY CCCCC ZZH", From: cable.Address{PLAD: "AMEMBASSY MALABO"}},
		Text: cable.Text{
			Class:       cable.ClassLine{Raw: "C O N F I D E N T I A L MALABO 000123", Level: "CONFIDENTIAL", Station: "MALABO", Serial: "000123"},
			Captions:    []string{"NOFORN", "SIPDIS"},
			PassLines:   []string{"DEPT FOR AF/C"},
			Subject:     "ELECTIONS",
			SubjectMark: "U",
			Paragraphs: []cable.Paragraph{
				{Number: 0, Text: "Opening text with no mark."},
				{Number: 1, Mark: "C/NF", Heading: "--- SUMMARY ---", Text: "The summary."},
				{Number: 2, Mark: "U", Heading: "--- COMMENT ---", Text: "The comment."},
			},
			Signature: "SMITH",
		},
	}
}

// TestView_HandBuilt checks the view cable itself: placeholders keep
// number and mark, headings go with their paragraph, unmarked text and
// the signature take the banner, marking captions follow the view banner,
// and release copies omit what they withhold.
func TestView_HandBuilt(t *testing.T) {
	t.Parallel()
	malabo := "AMEMBASSY MALABO"
	withheld := func(n int, mark string) cable.Paragraph {
		return cable.Paragraph{Number: n, Mark: mark, Text: access.Placeholder}
	}
	all := handBuilt().Text.Paragraphs
	tests := []struct {
		name      string
		r         access.Reader
		banner    string
		security  string
		class     string
		captions  []string
		passLines []string
		subject   string
		paras     []cable.Paragraph
		signature string
	}{
		{"US uncleared member", usReader(marking.Unclassified, malabo), "UNCLASSIFIED", "ZNR UUUUU ZZH", "UNCLAS MALABO 000123",
			[]string{"SIPDIS"}, nil, "ELECTIONS", // pass lines take the banner
			[]cable.Paragraph{withheld(0, ""), withheld(1, "C/NF"), all[2]}, ""},
		{"US confidential", usReader(marking.Confidential), "CONFIDENTIAL//NOFORN", "ZNY CCCCC ZZH", "C O N F I D E N T I A L MALABO 000123",
			[]string{"NOFORN", "SIPDIS"}, []string{"DEPT FOR AF/C"}, "ELECTIONS", all, "SMITH"},
		{"GBR member: release copy", foreignReader("GBR", marking.Secret, malabo), "UNCLASSIFIED", "ZNR UUUUU ZZH", "UNCLAS MALABO 000123",
			nil, nil, "ELECTIONS", []cable.Paragraph{all[2]}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := handBuilt()
			v, ok := access.View(tt.r, c, access.DistributionOf(c), now)
			if !ok {
				t.Fatal("View: not found")
			}
			vc := v.Cable
			got := []any{v.Banner(), vc.Header.Security, vc.Text.Class.Raw, vc.Text.Captions, vc.Text.PassLines, vc.Text.Subject, vc.Text.Paragraphs, vc.Text.Signature}
			want := []any{tt.banner, tt.security, tt.class, tt.captions, tt.passLines, tt.subject, tt.paras, tt.signature}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
		})
	}
}

// TestView_EFTO checks that an unclassified EFTO view keeps EFTO and its
// ZNY EEEEE security line, and that SENSITIVE follows an SBU banner.
func TestView_EFTO(t *testing.T) {
	t.Parallel()
	c := &cable.Cable{
		Header: cable.Header{Security: "ZNY EEEEE ZZH", From: cable.Address{PLAD: "AMEMBASSY MALABO"}},
		Text: cable.Text{
			Class:      cable.ClassLine{Level: "UNCLASSIFIED", EFTO: true, Station: "MALABO", Serial: "000124"},
			Paragraphs: []cable.Paragraph{{Number: 1, Mark: "SBU", Text: "Sensitive."}},
		},
	}
	v, ok := access.View(usReader(marking.Unclassified, "AMEMBASSY MALABO"), c, access.DistributionOf(c), now)
	if !ok {
		t.Fatal("View: not found")
	}
	got := []any{v.Banner(), v.Cable.Header.Security, v.Cable.Text.Class.Raw, v.Cable.Text.Captions}
	want := []any{"UNCLASSIFIED//SBU", "ZNY EEEEE ZZH", "UNCLAS E F T O MALABO 000124", []string{"SENSITIVE"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("view (-want +got):\n%s", diff)
	}
}

// TestKnows checks that a cable of which a reader may see no subject or
// paragraph is not found, even when its banner-level signature is visible.
func TestKnows(t *testing.T) {
	t.Parallel()
	member := usReader(marking.Unclassified, "AMEMBASSY MALABO")
	tests := []struct {
		name string
		r    access.Reader
		c    *cable.Cable
		want bool
	}{
		{"signature alone does not count", member, &cable.Cable{
			Header: cable.Header{From: cable.Address{PLAD: "AMEMBASSY MALABO"}},
			Text: cable.Text{Class: cable.ClassLine{Level: "UNCLASSIFIED"}, Signature: "SMITH",
				Paragraphs: []cable.Paragraph{{Number: 1, Mark: "C", Text: "x"}}},
		}, false},
		{"empty cable", member, &cable.Cable{Header: cable.Header{From: cable.Address{PLAD: "AMEMBASSY MALABO"}}}, false},
		{"unmarked subject under a REL TO banner", foreignReader("GBR", marking.Secret, "AMEMBASSY MALABO"), &cable.Cable{
			Envelope: &cable.Envelope{Classification: "SECRET//REL TO USA, GBR"},
			Header:   cable.Header{From: cable.Address{PLAD: "AMEMBASSY MALABO"}},
			Text:     cable.Text{Subject: "VISIT", Paragraphs: []cable.Paragraph{{Number: 1, Mark: "S/NF", Text: "x"}}},
		}, true},
		{"uncleared member sees the U paragraph", member, handBuilt(), true},
		{"foreign non-member", foreignReader("GBR", marking.TopSecret), handBuilt(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := access.DistributionOf(tt.c)
			if got := access.Knows(tt.r, tt.c, d, now); got != tt.want {
				t.Errorf("Knows = %v, want %v", got, tt.want)
			}
			if _, ok := access.View(tt.r, tt.c, d, now); ok != tt.want {
				t.Errorf("View found = %v, want %v", ok, tt.want)
			}
		})
	}
}
