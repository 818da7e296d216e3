package marking

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseMark checks that ParseMark never panics, that a refusal is a
// *MarkError pointing into its input, and that a mark it reads is
// canonical and survives Portion/ParseMark and Banner/ParseBanner.
func FuzzParseMark(f *testing.F) {
	for _, tc := range corpusMarks() {
		f.Add(tc.in)
	}
	for _, s := range []string{"(S//FGI DEU GBR//NF)", "TS//REL TO USA, FVEY", "SBU/N",
		"S/REL TO NATO/AUS", "S//REL MLT, GBR, AND GER", "U//FOUO//NF", "S//REL TO USA, XYZ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMark(s)
		if err != nil {
			checkRefusal(t, s, err)
			return
		}
		if diff := cmp.Diff(m.Canonical(), m); diff != "" {
			t.Fatalf("ParseMark(%q) is not canonical (-want +got):\n%s", s, diff)
		}
		checkRoundTrip(t, m)
	})
}

// FuzzParseBanner is FuzzParseMark for banners.
func FuzzParseBanner(f *testing.F) {
	for _, s := range []string{"SECRET//NOFORN", "S E C R E T", "UNCLAS EFTO",
		"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "TOP SECRET//REL TO USA, NATO", "SECRET//FGI DEU//NOFORN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseBanner(s)
		if err != nil {
			checkRefusal(t, s, err)
			return
		}
		checkRoundTrip(t, m)
	})
}

func checkRefusal(tb testing.TB, s string, err error) {
	tb.Helper()
	var me *MarkError
	if !errors.As(err, &me) {
		tb.Fatalf("parse %q: error %T is not a *MarkError", s, err)
	}
	if me.Input != s || me.Err == nil {
		tb.Fatalf("parse %q: MarkError %+v", s, me)
	}
	if me.Offset < 0 || me.Offset+len(me.Token) > len(s) || s[me.Offset:me.Offset+len(me.Token)] != me.Token {
		tb.Fatalf("parse %q: token %q at offset %d is not in the input", s, me.Token, me.Offset)
	}
}
