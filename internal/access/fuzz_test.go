package access_test

import (
	"strings"
	"testing"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// fuzzReaders are the readers FuzzView checks.
func fuzzReaders() []access.Reader {
	return []access.Reader{
		usReader(marking.Unclassified, "AMEMBASSY MALABO"),
		usReader(marking.Confidential),
		usReader(marking.Secret),
		foreignReader("GBR", marking.Secret, "AMEMBASSY MALABO"),
		foreignReader("CHN", marking.TopSecret, "AMEMBASSY MALABO"),
		{Posts: []string{"AMEMBASSY MALABO"}},
	}
}

// FuzzView builds a cable from arbitrary banner, captions, subject mark
// and portion marks, and checks for every reader that View never panics,
// agrees with Knows, shows no withheld paragraph text, and has a banner
// that dominates every portion shown and stays within clearance.
func FuzzView(f *testing.F) {
	f.Add("SECRET", "SIPDIS", "", "S/NF", "S/REL CHINA", "U")
	f.Add("SECRET//REL TO USA, GBR", "LIMDIS", "C", "S//REL TO USA, NATO", "SBU", "(U)")
	f.Add("UNCLAS EFTO", "SENSITIVE", "U", "SBU/NF", "U//FOUO", "U")
	f.Add("S E C R E T", "NOFORN SIPDIS", "S/XX", "S/NF/XX", "", "TS")
	f.Add("bogus", "", "??", "C//FGI", "U//REL TO USA, CHN", "C NF")
	f.Fuzz(func(t *testing.T, banner, caps, subjectMark, m1, m2, m3 string) {
		c := &cable.Cable{
			Envelope: &cable.Envelope{Classification: banner},
			Header:   cable.Header{From: cable.Address{PLAD: "AMEMBASSY MALABO"}},
			Text: cable.Text{
				Captions:    strings.Fields(caps),
				Subject:     "SUBJECT TEXT THAT IS LONG ENOUGH TO FIND",
				SubjectMark: subjectMark,
				Paragraphs: []cable.Paragraph{
					{Number: 1, Mark: m1, Text: "FIRST PARAGRAPH TEXT, LONG ENOUGH TO FIND"},
					{Number: 2, Mark: m2, Text: "SECOND PARAGRAPH TEXT, LONG ENOUGH TO FIND"},
					{Number: 3, Mark: m3, Text: "THIRD PARAGRAPH TEXT, LONG ENOUGH TO FIND"},
				},
				Signature: "SMITH",
			},
		}
		d := access.DistributionOf(c)
		for _, r := range fuzzReaders() {
			checkFuzzView(t, c, d, r)
		}
	})
}

func checkFuzzView(t *testing.T, c *cable.Cable, d access.Distribution, r access.Reader) {
	t.Helper()
	v, ok := access.View(r, c, d, now)
	if ok != access.Knows(r, c, d, now) {
		t.Fatalf("View found = %v, Knows disagrees", ok)
	}
	if !ok {
		return
	}
	shown := make(map[string]bool)
	for _, p := range v.Cable.Text.Paragraphs {
		shown[p.Text] = true
	}
	for _, p := range access.Portions(c) {
		visible := access.CanSee(r, p.Marking)
		if visible && !v.Marking.Dominates(p.Marking) {
			t.Errorf("banner %s does not dominate shown %s (%s)", v.Banner(), p.Kind, p.Marking)
		}
		if p.Kind == access.PortionParagraph && !visible && shown[c.Text.Paragraphs[p.Index].Text] {
			t.Errorf("withheld paragraph %d (%s) shown to %+v", p.Number, p.Marking, r)
		}
	}
	if v.Marking.Level > r.Clearance {
		t.Errorf("banner %s above clearance %s", v.Banner(), r.Clearance)
	}
}

// FuzzNormalizePLAD checks that normalising is idempotent and ignores
// case and spacing, so that membership never depends on them.
func FuzzNormalizePLAD(f *testing.F) {
	f.Add("AMEMBASSY  Beijing")
	f.Add(" secstate\twashdc ")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n := access.NormalizePLAD(s)
		if access.NormalizePLAD(n) != n {
			t.Errorf("NormalizePLAD(%q) = %q is not a fixed point", s, n)
		}
		spaced := "  " + strings.ReplaceAll(strings.ToLower(s), " ", " \t ") + " "
		if access.NormalizePLAD(spaced) != access.NormalizePLAD(strings.ToLower(s)) {
			t.Errorf("NormalizePLAD depends on spacing for %q", s)
		}
		r := access.Reader{Clearance: marking.Secret, Citizenship: "USA", Posts: []string{spaced}}
		d := access.Distribution{Addressees: []string{s}}
		if n != "" && strings.ToLower(s) == s && !access.Admits(r, d) {
			t.Errorf("reader at %q is not a member of addressee %q", spaced, s)
		}
	})
}

// FuzzCitizenship checks that any citizenship but a US one is foreign and
// then never sees NOFORN text.
func FuzzCitizenship(f *testing.F) {
	for _, s := range []string{"USA", "US", "GBR", "", "united states", "u.s.", "CHN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := access.Reader{Clearance: marking.TopSecret, Citizenship: s}
		nf := marking.Marking{Level: marking.Secret, NoForn: true}
		if r.Foreign() == access.CanSee(r, nf) {
			t.Errorf("citizenship %q: Foreign() = %v but CanSee(S//NF) = %v", s, r.Foreign(), access.CanSee(r, nf))
		}
	})
}
