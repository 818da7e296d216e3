package marking

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMark_Corpus(t *testing.T) {
	t.Parallel()
	for _, tc := range corpusMarks() {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMark(tc.in)
			if tc.err != nil {
				checkMarkError(t, err, tc.err, tc.offset, tc.token)
				return
			}
			if err != nil {
				t.Fatalf("ParseMark(%q) error: %v", tc.in, err)
			}
			if p := got.Portion(); p != tc.want {
				t.Errorf("ParseMark(%q).Portion() = %q, want %q", tc.in, p, tc.want)
			}
		})
	}
}

// checkMarkError checks that err is a *MarkError wrapping want, at offset,
// naming token.
func checkMarkError(tb testing.TB, err, want error, offset int, token string) {
	tb.Helper()
	if !errors.Is(err, want) {
		tb.Fatalf("error = %v, want %v", err, want)
	}
	var me *MarkError
	if !errors.As(err, &me) {
		tb.Fatalf("error %T is not a *MarkError", err)
	}
	if me.Offset != offset || me.Token != token {
		tb.Errorf("error at offset %d token %q, want offset %d token %q", me.Offset, me.Token, offset, token)
	}
	if token != "" && me.Input[me.Offset:me.Offset+len(me.Token)] != me.Token {
		tb.Errorf("Input[%d:] does not begin with Token %q", me.Offset, me.Token)
	}
}

// TestParseMark_Forms covers every form of MARKINGS.md §2 and the rest of
// the grammar in doc.go, with the full Marking each gives.
func TestParseMark_Forms(t *testing.T) {
	t.Parallel()
	s := Marking{Level: Secret}
	snf := Marking{Level: Secret, NoForn: true}
	relCHN := Marking{Level: Secret, RelTo: []string{"USA", "CHN"}}
	tests := []struct {
		in   string
		want Marking
	}{
		// §2 table.
		{"S", s},
		{"(S)", s},
		{"S/NF", snf},
		{"S//NF", snf},
		{"S/NOFORN", snf},
		{"(S/NF)", snf},
		{"S/REL CHINA", relCHN},
		{"C//REL TO USA, KEN, GBR//", Marking{Level: Confidential, RelTo: []string{"USA", "GBR", "KEN"}}},
		{"S/REL NATO", Marking{Level: Secret, RelTo: []string{"USA", "NATO"}}},
		{"SBU", Marking{SBU: true}},
		{"SBU/NF", Marking{SBU: true, NoForn: true}},
		{"LOU", Marking{SBU: true}},
		{"U//FOUO", Marking{FOUO: true}},
		{"S//FGI//NF", Marking{Level: Secret, FGI: true, NoForn: true}},
		{"U", Marking{}},
		// §2: case and slashes vary; names map to trigraphs.
		{"c", Marking{Level: Confidential}},
		{"S/Rel UK", Marking{Level: Secret, RelTo: []string{"USA", "GBR"}}},
		{"S/Noforn", snf},
		{"s//nf", snf},
		{"S///NF", snf},
		{"S//REL TO USA, CHN", relCHN},
		{"S//REL TO CHN, USA", relCHN},
		{"S//REL TO CHN", relCHN},
		{"S/REL CHINA, CHINA", relCHN},
		{"S//REL TO USA, NATO, GBR", Marking{Level: Secret, RelTo: []string{"USA", "GBR", "NATO"}}},
		{"S//REL TO US, UK", Marking{Level: Secret, RelTo: []string{"USA", "GBR"}}},
		{"S//REL TO U.K.", Marking{Level: Secret, RelTo: []string{"USA", "GBR"}}},
		{"S//REL TO BOSNIA AND HERZEGOVINA", Marking{Level: Secret, RelTo: []string{"USA", "BIH"}}},
		{"S//REL TO AND", Marking{Level: Secret, RelTo: []string{"USA", "AND"}}}, // Andorra
		// Other levels and words.
		{"TS", Marking{Level: TopSecret}},
		{"TS//NF", Marking{Level: TopSecret, NoForn: true}},
		{"TOP SECRET", Marking{Level: TopSecret}},
		{"Confidential", Marking{Level: Confidential}},
		{"UNCLASSIFIED", Marking{}},
		{"UNCLAS", Marking{}},
		{"FOUO", Marking{FOUO: true}},
		{"U//SBU", Marking{SBU: true}},
		{"SBU/N", Marking{SBU: true, NoForn: true}}, // State's SBU NOFORN
		{"U//SBU//NF", Marking{SBU: true, NoForn: true}},
		{"U//FOUO//NF", Marking{FOUO: true, NoForn: true}},
		{"SBU//REL NATO", Marking{SBU: true, RelTo: []string{"USA", "NATO"}}},
		{"U//SENSITIVE BUT UNCLASSIFIED", Marking{SBU: true}},
		{"U//FOR OFFICIAL USE ONLY", Marking{FOUO: true}},
		// Separators: hyphen and space; notes that are dropped.
		{"S-NF", snf},
		{"C NF", Marking{Level: Confidential, NoForn: true}},
		{"C - ENTIRE TEXT", Marking{Level: Confidential}},
		{"CONFIDENTIAL -- ENTIRE PARAGRAPH", Marking{Level: Confidential}},
		{"  ( S / NF )  ", snf},
		// REL lists: RELEASABLE, AND, slash continuation, collectives.
		{"C/Releasable to Italy", Marking{Level: Confidential, RelTo: []string{"USA", "ITA"}}},
		{"S//REL MLT, GBR, AND GER", Marking{Level: Secret, RelTo: []string{"USA", "DEU", "GBR", "MLT"}}},
		{"S/Rel China and UK", Marking{Level: Secret, RelTo: []string{"USA", "CHN", "GBR"}}},
		{"S/REL TO NATO/AUS", Marking{Level: Secret, RelTo: []string{"USA", "AUS", "NATO"}}},
		{"C//REL TO FIVE EYES", Marking{Level: Confidential, RelTo: []string{"USA", "FVEY"}}},
		{"C/REL EU MEMBER STATES", Marking{Level: Confidential, RelTo: []string{"USA", "EU"}}},
		{"C//REL AUSTRALIA GROUP", Marking{Level: Confidential, RelTo: []string{"USA", "AUSTRALIA GROUP"}}},
		{"S//REL TO USA, ACGU", Marking{Level: Secret, RelTo: []string{"USA", "ACGU"}}},
		{"S/REL ROYG", Marking{Level: Secret, RelTo: []string{"USA", "YEM"}}},
		{"S//REL TO USA, GBR//FGI", Marking{Level: Secret, RelTo: []string{"USA", "GBR"}, FGI: true}},
		// FGI with countries.
		{"S//FGI DEU GBR//NF", Marking{Level: Secret, NoForn: true, FGI: true, FGICountries: []string{"DEU", "GBR"}}},
		{"S//FGI GBR, DEU", Marking{Level: Secret, FGI: true, FGICountries: []string{"DEU", "GBR"}}},
		{"S//FGI NATO NF", Marking{Level: Secret, NoForn: true, FGI: true, FGICountries: []string{"NATO"}}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMark(tc.in)
			if err != nil {
				t.Fatalf("ParseMark(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseMark(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseMark_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		err    error
		offset int
		token  string
		msg    string
	}{
		{"X", ErrUnknownLevel, 0, "X", `mark "X": unknown classification level "X" at column 1`},
		{"", ErrUnknownLevel, 0, "", `mark "": unknown classification level at column 1 (empty mark)`},
		{"()", ErrUnknownLevel, 1, "", `mark "()": unknown classification level at column 2 (empty mark)`},
		{"/NF", ErrUnknownLevel, 0, "", `mark "/NF": unknown classification level at column 1 (no level before the first separator)`},
		{"SNF", ErrUnknownLevel, 0, "SNF", `mark "SNF": unknown classification level "SNF" at column 1`},
		{"(Q/NF)", ErrUnknownLevel, 1, "Q", `mark "(Q/NF)": unknown classification level "Q" at column 2`},
		{"S/REL TO", ErrEmptyRelTo, 2, "REL TO", `mark "S/REL TO": REL TO names no country at column 3`},
		{"S//REL TO//NF", ErrEmptyRelTo, 3, "REL TO", `mark "S//REL TO//NF": REL TO names no country at column 4`},
		{"S//REL TO USA", ErrEmptyRelTo, 3, "REL TO", `mark "S//REL TO USA": REL TO names no country at column 4 (REL TO USA alone: mark NF instead)`},
		{"S//REL TO USA, XYZ", ErrUnknownCountry, 15, "XYZ", `mark "S//REL TO USA, XYZ": unknown country "XYZ" at column 16`},
		{"(S//REL TO USA, XYZ)", ErrUnknownCountry, 16, "XYZ", `mark "(S//REL TO USA, XYZ)": unknown country "XYZ" at column 17`},
		{"S/REL CH", ErrUnknownCountry, 6, "CH", `mark "S/REL CH": unknown country "CH" at column 7 (ambiguous: ISO alpha-2 for Switzerland, but written for China)`},
		{"S/Rel China and Atlantis", ErrUnknownCountry, 16, "Atlantis", `mark "S/Rel China and Atlantis": unknown country "Atlantis" at column 17`},
		{"C/rel to UN", ErrUnknownCountry, 9, "UN", `mark "C/rel to UN": unknown country "UN" at column 10 (an international organization, not a country: REL TO names the states whose nationals may read)`},
		{"S//FGI XYZ", ErrUnknownCountry, 7, "XYZ", `mark "S//FGI XYZ": unknown country "XYZ" at column 8`},
		{"C/F", ErrUnknownControl, 2, "F", `mark "C/F": unknown control "F" at column 3`},
		{"S//NF//ORCON", ErrUnknownControl, 7, "ORCON", `mark "S//NF//ORCON": unknown control "ORCON" at column 8`},
		{"S/REL UK/XYZ", ErrUnknownControl, 9, "XYZ", `mark "S/REL UK/XYZ": unknown control "XYZ" at column 10`},
		{"S/NF/rel Panama", ErrConflict, 5, "rel", `mark "S/NF/rel Panama": conflicting controls at column 6 (NOFORN with REL TO)`},
		{"S//REL TO USA, GBR//NF", ErrConflict, 20, "NF", `mark "S//REL TO USA, GBR//NF": conflicting controls at column 21 (NOFORN with REL TO)`},
		{"S/REL TO NATO/AUS/NF", ErrConflict, 18, "NF", `mark "S/REL TO NATO/AUS/NF": conflicting controls at column 19 (NOFORN with REL TO)`},
		{"C//SBU", ErrConflict, 3, "SBU", `mark "C//SBU": conflicting controls at column 4 (SBU on classified text)`},
		{"S//FOUO", ErrConflict, 3, "FOUO", `mark "S//FOUO": conflicting controls at column 4 (FOUO on classified text)`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseMark(tc.in)
			checkMarkError(t, err, tc.err, tc.offset, tc.token)
			if err.Error() != tc.msg {
				t.Errorf("ParseMark(%q) error\n got %s\nwant %s", tc.in, err, tc.msg)
			}
		})
	}
}

func TestParseBanner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Marking
	}{
		{"SECRET//NOFORN", Marking{Level: Secret, NoForn: true}},
		{"CONFIDENTIAL//NOFORN", Marking{Level: Confidential, NoForn: true}},
		{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", Marking{FOUO: true}},
		{"UNCLASSIFIED", Marking{}},
		{"SECRET", Marking{Level: Secret}},
		{"CONFIDENTIAL", Marking{Level: Confidential}},
		{"TOP SECRET", Marking{Level: TopSecret}},
		{"TOP SECRET//NOFORN", Marking{Level: TopSecret, NoForn: true}},
		{"SECRET//REL TO USA, CHN", Marking{Level: Secret, RelTo: []string{"USA", "CHN"}}},
		{"UNCLAS", Marking{}},
		{"UNCLAS EFTO", Marking{}},
		{"UNCLASSIFIED//SBU", Marking{SBU: true}},
		{"UNCLASSIFIED//SBU//NOFORN", Marking{SBU: true, NoForn: true}},
		{"SECRET//FGI//NOFORN", Marking{Level: Secret, FGI: true, NoForn: true}},
		{"S E C R E T", Marking{Level: Secret}},
		{"C O N F I D E N T I A L", Marking{Level: Confidential}},
		{"c o n f i d e n t i a l", Marking{Level: Confidential}},
		{"T O P  S E C R E T", Marking{Level: TopSecret}},
		{"U N C L A S", Marking{}},
		{"secret//nf", Marking{Level: Secret, NoForn: true}},
		{"Secret/Noforn", Marking{Level: Secret, NoForn: true}},
		// State's control before SBU, on NARA's 1970s telegrams: level U,
		// official readers only.
		{"LIMITED OFFICIAL USE", Marking{SBU: true}},
		{"Limited Official Use", Marking{SBU: true}},
		{"LIMITED OFFICIAL USE//NOFORN", Marking{SBU: true, NoForn: true}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBanner(tc.in)
			if err != nil {
				t.Fatalf("ParseBanner(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseBanner(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseBanner_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		err    error
		offset int
		token  string
		msg    string
	}{
		{"S//NF", ErrUnknownLevel, 0, "S", `banner "S//NF": unknown classification level "S" at column 1 (a banner spells out its level)`},
		{"SBU", ErrUnknownLevel, 0, "SBU", `banner "SBU": unknown classification level "SBU" at column 1`},
		{"ECRET", ErrUnknownLevel, 0, "ECRET", `banner "ECRET": unknown classification level "ECRET" at column 1`},
		{"S E C R E T STATE 159388", ErrUnknownControl, 12, "STATE 159388", `banner "S E C R E T STATE 159388": unknown control "STATE 159388" at column 13`},
		{"SECRET//REL TO", ErrEmptyRelTo, 8, "REL TO", `banner "SECRET//REL TO": REL TO names no country at column 9`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseBanner(tc.in)
			checkMarkError(t, err, tc.err, tc.offset, tc.token)
			if err.Error() != tc.msg {
				t.Errorf("ParseBanner(%q) error\n got %s\nwant %s", tc.in, err, tc.msg)
			}
		})
	}
}

// TestRoundTrip checks that ParseMark reads back what Portion writes and
// ParseBanner what Banner writes, for every mark read from the corpus.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range corpusMarks() {
		if tc.err != nil {
			continue
		}
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			m, err := ParseMark(tc.in)
			if err != nil {
				t.Fatalf("ParseMark(%q) error: %v", tc.in, err)
			}
			checkRoundTrip(t, m)
		})
	}
}

// checkRoundTrip checks that m survives Portion/ParseMark and
// Banner/ParseBanner unchanged.
func checkRoundTrip(tb testing.TB, m Marking) {
	tb.Helper()
	got, err := ParseMark(m.Portion())
	if err != nil {
		tb.Fatalf("ParseMark(%q) error: %v", m.Portion(), err)
	}
	if diff := cmp.Diff(m, got); diff != "" {
		tb.Errorf("ParseMark(%q) mismatch (-want +got):\n%s", m.Portion(), diff)
	}
	got, err = ParseBanner(m.Banner())
	if err != nil {
		tb.Fatalf("ParseBanner(%q) error: %v", m.Banner(), err)
	}
	if diff := cmp.Diff(m, got); diff != "" {
		tb.Errorf("ParseBanner(%q) mismatch (-want +got):\n%s", m.Banner(), diff)
	}
}
