package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseTags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s string
		want    []string
	}{
		{"Spaces", "TAGS: PREL ECON EFIN ELAB PGOV FR", []string{"PREL", "ECON", "EFIN", "ELAB", "PGOV", "FR"}},
		{"Commas", "TAGS ECON, PGOV, EFIN, MOPS, PINR, UK", []string{"ECON", "PGOV", "EFIN", "MOPS", "PINR", "UK"}},
		{"NoKeyword", "PREL PGOV", []string{"PREL", "PGOV"}},
		{"KeywordTAG", "TAG PTER, PGOV, ASEC", []string{"PTER", "PGOV", "ASEC"}},
		{"KeywordTypos", "TAGES:  OIIP, KPAO", []string{"OIIP", "KPAO"}},
		{"KeywordTAS", "TAS: ECON, ETRD, IS, JO ", []string{"ECON", "ETRD", "IS", "JO"}},
		{"KeywordAGS", "AGS: PGOV, PREL", []string{"PGOV", "PREL"}},
		{"KeywordComma", "TAGS, ASEC, APER, AMGT, PE ", []string{"ASEC", "APER", "AMGT", "PE"}},
		{"KeywordSemicolon", "TAGS;  PGOV, TU ", []string{"PGOV", "TU"}},
		{"LowerCase", "Tags: prel, pgov, pins, tu ", []string{"PREL", "PGOV", "PINS", "TU"}},
		{"Continued", "TAGS: something,\nhere", []string{"SOMETHING", "HERE"}},
		{"Parenthesised", "Tags: ovip (steinberg, james b.), prel, econ,\netra, mnuc", []string{"OVIP", "STEINBERG, JAMES B.", "PREL", "ECON", "ETRA", "MNUC"}},
		{"Person", "TAGS: OVIP CLINTON HILLARY PREL", []string{"OVIP", "CLINTON, HILLARY", "PREL"}},
		{"PersonFixed", "TAGS: OVIP BUSH GEORGE PREL", []string{"OVIP", "BUSH, GEORGE W.", "PREL"}},
		{"MultiWord", "TAGS: IS ISRAELI PALESTINIAN AFFAIRS GOI EXTERNAL", []string{"IS", "ISRAELI PALESTINIAN AFFAIRS", "GOI EXTERNAL"}},
		{"MultiWordAcrossLines", "TAGS: KU COUNTRY\nCLEARANCE ", []string{"KU", "COUNTRY CLEARANCE"}},
		{"TipIn", "TAGS: KJUS TIP IN TURKEY", []string{"KJUS", "TIP IN TURKEY"}},
		{"WordAndWord", "TAGS: JO IS ECONOMY AND FINANCE", []string{"JO", "IS", "ECONOMY AND FINANCE"}},
		{"LongestPhraseFirst", "TAGS: IS KMDR MEDIA REACTION REPORT", []string{"IS", "KMDR", "MEDIA REACTION REPORT"}},
		{"PhraseNotPrefix", "TAGS: FOREIGN POLICY", []string{"FOREIGN", "POLICY"}},
		{"PhraseGlued", "TAGS: PM LABOR HUMAN RIGHTSPOLMIL", []string{"PM", "LABOR", "HUMAN RIGHTS", "POL", "MIL"}},
		{"Typos", "TAGS PTER MARR, MOPPS POGOV RU", []string{"PTER", "MARR", "MOPS", "PGOV", "RS"}},
		{"Glued", "TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG", []string{"KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"}},
		{"Duplicates", "TAGS PHUM, OPRC, OPRC, IT, ITPHUM, HUMAN RIGHTS", []string{"PHUM", "OPRC", "IT", "HUMAN RIGHTS"}},
		{"Sipdis", "TAGS: ECON ETRD PGOV CA MX SIPDIS", []string{"ECON", "ETRD", "PGOV", "CA", "MX"}},
		{"SlashAndHyphen", "TAGS: PREL, UNGA/C-6 ZANU-PF", []string{"PREL", "UNGA/C-6", "ZANU-PF"}},
		{"WideSpace", "TAGS: PREL, ETRD, IT                          SECRET       PAGE 02        ROME  03067  211833Z \n", []string{"PREL", "ETRD", "IT"}},
		{"PageHeader", "TAGS: ECON, TBIO, UNCLASSIFIED    PAGE 02        VATICA  00283  01 OF 05  241033Z VTPREL, VT", []string{"ECON", "TBIO"}},
		{"SubjectOnLine", "Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to washington", []string{"PREL", "PGOV", "PINS", "TU"}},
		{"BlankLineEnds", "TAGS: PREL VT\n\n(SBU) Charge d'affaires spoke", []string{"PREL", "VT"}},
		{"KeywordAgain", "TAGS: EAID, BA, TAGS: EFIN ", []string{"EAID", "BA", "TAGS", "EFIN"}},
		{"Empty", "TAGS: ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, ParseTags(tt.s), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseTags(%q) mismatch (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}

func TestTagsEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s, want string
	}{
		{"OneLine", "TAGS: PREL PGOV\nSUBJECT: X", "TAGS: PREL PGOV"},
		{"NextLineNotTags", "TAGS: something\nhere", "TAGS: something"},
		{"TrailingComma", "TAGS: something, \nhere\nSUBJECT: X", "TAGS: something, \nhere"},
		{"NextLineTagComma", "TAGS: OVIP PREL RS\nNATO, UK, CN\nSUBJECT: X", "TAGS: OVIP PREL RS\nNATO, UK, CN"},
		{"NextLineKnownTags", "TAGS: ECON EFIN SP\nEINV\nSUBJECT: MADRID WEEKLY", "TAGS: ECON EFIN SP\nEINV"},
		{"SplitPhrase", "TAGS: KU COUNTRY\nCLEARANCE \nSUBJECT: X", "TAGS: KU COUNTRY\nCLEARANCE "},
		{"SubjectOnSecondLine", "TAGS: PREL MNUC\nECON, PHUM, UK SUBJECT: MILIBAND", "TAGS: PREL MNUC\nECON, PHUM, UK "},
		{"SubjectOnLine", "Tags: prel, tu Subject: turkish", "Tags: prel, tu "},
		{"BlankLine", "TAGS: PREL VT\n\nPGOV", "TAGS: PREL VT"},
		{"ProseIsNotTags", "TAGS: PREL\nBLOGGERS MOVING INTO POLITICS\n", "TAGS: PREL"},
		{"End", "TAGS: PREL", "TAGS: PREL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.s[:TagsEnd(tt.s)]; got != tt.want {
				t.Errorf("TagsEnd(%q) cuts %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func FuzzParseTags(f *testing.F) {
	f.Add("TAGS: OVIP (STEINBERG, JAMES B.) HUMAN RIGHTSPOLMIL, KU COUNTRY\nCLEARANCE SUBJECT: X")
	f.Add("TAGS PREL,\nPGOV   SECRET PAGE 02")
	f.Fuzz(func(t *testing.T, s string) {
		end := TagsEnd(s)
		if end < 0 || end > len(s) {
			t.Fatalf("TagsEnd(%q) = %d, out of range", s, end)
		}
		seen := map[string]bool{}
		for _, tag := range ParseTags(s[:end]) {
			if tag == "" || seen[tag] {
				t.Errorf("ParseTags(%q) gave empty or repeated tag %q", s, tag)
			}
			seen[tag] = true
		}
	})
}
