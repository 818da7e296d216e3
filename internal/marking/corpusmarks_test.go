package marking

// markCase is one distinct portion mark of the corpus and how ParseMark
// must treat it: read to the canonical mark want, or refused with err at
// offset, naming token.
type markCase struct {
	in     string
	count  int // occurrences in the corpus (see TestCorpus)
	want   string
	err    error
	offset int
	token  string
}

// corpusMarks lists every distinct portion mark of the corpus: the text
// inside the parentheses of lines matching corpusMarkPattern, over the
// 6,712 cables of shared/corpus. 100 are read and 35 refused; the comments
// say why. Lower-case letters are read as levels, as MARKINGS.md §2 asks,
// though (c) also heads lettered lists; the ingester judges by context.
// TestCorpus checks this table against the corpus when CABLE_CORPUS is set.
func corpusMarks() []markCase {
	return []markCase{
		{in: " C ", count: 3, want: "C"},
		{in: "/Rel UK", count: 1, err: ErrUnknownLevel, offset: 0, token: ""},                // no level before REL
		{in: "3", count: 2, err: ErrUnknownLevel, offset: 0, token: "3"},                     // a list number, not a mark
		{in: "4", count: 1, err: ErrUnknownLevel, offset: 0, token: "4"},                     // a list number, not a mark
		{in: "Afghanistan", count: 6, err: ErrUnknownLevel, offset: 0, token: "Afghanistan"}, // a heading, not a mark
		{in: "C", count: 24036, want: "C"},
		{in: "C ", count: 16, want: "C"},
		{in: "C - ENTIRE TEXT", count: 1, want: "C"},
		{in: "C NF", count: 8, want: "C//NF"},
		{in: "C/ REL ISAF", count: 1, want: "C//REL TO USA, ISAF"},
		{in: "C//NF", count: 153, want: "C//NF"},
		{in: "C//REL AUSTRALIA GROUP", count: 8, want: "C//REL TO USA, AUSTRALIA GROUP"},
		{in: "C//REL ISAF", count: 9, want: "C//REL TO USA, ISAF"},
		{in: "C//REL TO FIVE EYES", count: 1, want: "C//REL TO USA, FVEY"},
		{in: "C//REL TO USA, GBR//", count: 1, want: "C//REL TO USA, GBR"},
		{in: "C//REL TO USA, KEN, GBR//", count: 10, want: "C//REL TO USA, GBR, KEN"},
		{in: "C//REL UK", count: 1, want: "C//REL TO USA, GBR"},
		{in: "C//REL to Spain", count: 1, want: "C//REL TO USA, ESP"},
		{in: "C/F", count: 1, err: ErrUnknownControl, offset: 2, token: "F"}, // F is no control (typo?)
		{in: "C/NF", count: 1671, want: "C//NF"},
		{in: "C/NOFORN", count: 6, want: "C//NF"},
		{in: "C/REL EU MEMBER STATES", count: 1, want: "C//REL TO USA, EU"},
		{in: "C/REL GERMANY", count: 5, want: "C//REL TO USA, DEU"},
		{in: "C/REL Germany", count: 2, want: "C//REL TO USA, DEU"},
		{in: "C/REL ISAF", count: 17, want: "C//REL TO USA, ISAF"},
		{in: "C/REL JAPAN", count: 2, want: "C//REL TO USA, JPN"},
		{in: "C/REL LIBYA", count: 1, want: "C//REL TO USA, LBY"},
		{in: "C/REL NATO", count: 18, want: "C//REL TO USA, NATO"},
		{in: "C/REL NATO and AUS", count: 1, want: "C//REL TO USA, AUS, NATO"},
		{in: "C/REL NATO/AUS", count: 1, want: "C//REL TO USA, AUS, NATO"},
		{in: "C/REL RUSSIA", count: 2, want: "C//REL TO USA, RUS"},
		{in: "C/REL UK", count: 15, want: "C//REL TO USA, GBR"},
		{in: "C/REL UK, CANADA, AUSTRALIA", count: 5, want: "C//REL TO USA, AUS, CAN, GBR"},
		{in: "C/Rel Aus", count: 9, want: "C//REL TO USA, AUS"},
		{in: "C/Rel UK", count: 1, want: "C//REL TO USA, GBR"},
		{in: "C/Releasable to Italy", count: 3, want: "C//REL TO USA, ITA"},
		{in: "C/rel to UN", count: 1, err: ErrUnknownCountry, offset: 9, token: "UN"}, // the UN is an organization, not a country
		{in: "CONFIDENTIAL -- ENTIRE PARAGRAPH", count: 1, want: "C"},
		{in: "China", count: 2, err: ErrUnknownLevel, offset: 0, token: "China"}, // a heading, not a mark
		{in: "Confidential", count: 1, want: "C"},
		{in: "Defense", count: 2, err: ErrUnknownLevel, offset: 0, token: "Defense"},   // a heading, not a mark
		{in: "EU", count: 2, err: ErrUnknownLevel, offset: 0, token: "EU"},             // a heading, not a mark
		{in: "Economic", count: 4, err: ErrUnknownLevel, offset: 0, token: "Economic"}, // a heading, not a mark
		{in: "Germany", count: 2, err: ErrUnknownLevel, offset: 0, token: "Germany"},   // a heading, not a mark
		{in: "Iceland", count: 2, err: ErrUnknownLevel, offset: 0, token: "Iceland"},   // a heading, not a mark
		{in: "Iran", count: 4, err: ErrUnknownLevel, offset: 0, token: "Iran"},         // a heading, not a mark
		{in: "Japan", count: 2, err: ErrUnknownLevel, offset: 0, token: "Japan"},       // a heading, not a mark
		{in: "Lebanon", count: 2, err: ErrUnknownLevel, offset: 0, token: "Lebanon"},   // a heading, not a mark
		{in: "Mideast", count: 4, err: ErrUnknownLevel, offset: 0, token: "Mideast"},   // a heading, not a mark
		{in: "N/SF", count: 1, err: ErrUnknownLevel, offset: 0, token: "N"},            // garbled: S/NF?
		{in: "NC", count: 3, err: ErrUnknownLevel, offset: 0, token: "NC"},             // garbled: C/NF? NC?
		{in: "S", count: 3800, want: "S"},
		{in: "S NF", count: 4, want: "S//NF"},
		{in: "S-ENTIRE TEXT", count: 1, want: "S"},
		{in: "S-NF", count: 5, want: "S//NF"},
		{in: "S/ REL TO UK", count: 1, want: "S//REL TO USA, GBR"},
		{in: "S//FGI//NF", count: 10, want: "S//FGI//NF"},
		{in: "S//NF", count: 314, want: "S//NF"},
		{in: "S//NOFORN", count: 2, want: "S//NF"},
		{in: "S//REL CAN", count: 4, want: "S//REL TO USA, CAN"},
		{in: "S//REL CHINA", count: 2, want: "S//REL TO USA, CHN"},
		{in: "S//REL China", count: 2, want: "S//REL TO USA, CHN"},
		{in: "S//REL ISRAEL, UK", count: 2, want: "S//REL TO USA, GBR, ISR"},
		{in: "S//REL KAZAKHSTAN", count: 1, want: "S//REL TO USA, KAZ"},
		{in: "S//REL KENYA", count: 1, want: "S//REL TO USA, KEN"},
		{in: "S//REL MLT, GBR, AND GER", count: 1, want: "S//REL TO USA, DEU, GBR, MLT"},
		{in: "S//REL SAU", count: 3, want: "S//REL TO USA, SAU"},
		{in: "S//REL TO USA, ACGU", count: 2, want: "S//REL TO USA, ACGU"},
		{in: "S//REL TO USA, FVEY", count: 5, want: "S//REL TO USA, FVEY"},
		{in: "S//REL TURKEY", count: 1, want: "S//REL TO USA, TUR"},
		{in: "S//REL Turkey", count: 1, want: "S//REL TO USA, TUR"},
		{in: "S//REL to USA, ACGU", count: 1, want: "S//REL TO USA, ACGU"},
		{in: "S//Rel NATO, ISAF", count: 10, want: "S//REL TO USA, ISAF, NATO"},
		{in: "S/NF", count: 2449, want: "S//NF"},
		{in: "S/NF/rel Panama", count: 1, err: ErrConflict, offset: 5, token: "rel"}, // NOFORN and REL TO contradict
		{in: "S/NOFORN", count: 8, want: "S//NF"},
		{in: "S/Noforn", count: 9, want: "S//NF"},
		{in: "S/REL ARMENIA", count: 1, want: "S//REL TO USA, ARM"},
		{in: "S/REL CH", count: 1, err: ErrUnknownCountry, offset: 6, token: "CH"}, // CH is Switzerland in ISO, China in context
		{in: "S/REL CHINA", count: 5, want: "S//REL TO USA, CHN"},
		{in: "S/REL GBR", count: 2, want: "S//REL TO USA, GBR"},
		{in: "S/REL ISAF", count: 3, want: "S//REL TO USA, ISAF"},
		{in: "S/REL LIBYA", count: 1, want: "S//REL TO USA, LBY"},
		{in: "S/REL NATO", count: 24, want: "S//REL TO USA, NATO"},
		{in: "S/REL ROYG", count: 6, want: "S//REL TO USA, YEM"},
		{in: "S/REL RUSSIA", count: 1, want: "S//REL TO USA, RUS"},
		{in: "S/REL SYRIA", count: 1, want: "S//REL TO USA, SYR"},
		{in: "S/REL South Korea", count: 1, want: "S//REL TO USA, KOR"},
		{in: "S/REL TO NATO/AUS", count: 9, want: "S//REL TO USA, AUS, NATO"},
		{in: "S/REL TO UK", count: 1, want: "S//REL TO USA, GBR"},
		{in: "S/REL TO UK, PAKISTAN", count: 1, want: "S//REL TO USA, GBR, PAK"},
		{in: "S/REL UK", count: 7, want: "S//REL TO USA, GBR"},
		{in: "S/REL UZBEKISTAN", count: 6, want: "S//REL TO USA, UZB"},
		{in: "S/REL to Pakistan", count: 2, want: "S//REL TO USA, PAK"},
		{in: "S/REL to UK, PAKISTAN", count: 2, want: "S//REL TO USA, GBR, PAK"},
		{in: "S/REL to USA, FVEY", count: 1, want: "S//REL TO USA, FVEY"},
		{in: "S/Rel China", count: 9, want: "S//REL TO USA, CHN"},
		{in: "S/Rel China and UK", count: 1, want: "S//REL TO USA, CHN, GBR"},
		{in: "S/Rel NATO", count: 1, want: "S//REL TO USA, NATO"},
		{in: "S/Rel Pak", count: 1, want: "S//REL TO USA, PAK"},
		{in: "S/Rel Pakistan", count: 1, want: "S//REL TO USA, PAK"},
		{in: "S/Rel UK", count: 10, want: "S//REL TO USA, GBR"},
		{in: "S/Rel to Belize", count: 1, want: "S//REL TO USA, BLZ"},
		{in: "S/Rel to Kenya", count: 1, want: "S//REL TO USA, KEN"},
		{in: "S/Rel to Russia, Latvia", count: 1, want: "S//REL TO USA, LVA, RUS"},
		{in: "S/Rel to Ukraine", count: 1, want: "S//REL TO USA, UKR"},
		{in: "SB", count: 1, err: ErrUnknownLevel, offset: 0, token: "SB"}, // truncated: SBU?
		{in: "SBU", count: 10324, want: "U//SBU"},
		{in: "SBU ", count: 1, want: "U//SBU"},
		{in: "SBU//Rel NATO, ISAF", count: 1, want: "U//SBU//REL TO USA, ISAF, NATO"},
		{in: "SBU/NF", count: 113, want: "U//SBU//NF"},
		{in: "SBU/REL NATO", count: 8, want: "U//SBU//REL TO USA, NATO"},
		{in: "SE", count: 10, err: ErrUnknownLevel, offset: 0, token: "SE"}, // garbled: S? SBU?
		{in: "SECRET/REL FRANCE", count: 1, want: "S//REL TO USA, FRA"},
		{in: "SECRET/rel IAEA", count: 1, err: ErrUnknownCountry, offset: 11, token: "IAEA"}, // the IAEA is an organization, not a country
		{in: "SNF", count: 1, err: ErrUnknownLevel, offset: 0, token: "SNF"},                 // no separator: S/NF?
		{in: "SU", count: 1, err: ErrUnknownLevel, offset: 0, token: "SU"},                   // garbled: SBU? S/U?
		{in: "Secret/Rel Armenia", count: 1, want: "S//REL TO USA, ARM"},
		{in: "TF/Embassy Tbilisi telcon", count: 1, err: ErrUnknownLevel, offset: 0, token: "TF"},    // a note, not a mark
		{in: "The seat allocated under (e", count: 1, err: ErrUnknownLevel, offset: 0, token: "The"}, // prose, not a mark
		{in: "U", count: 7108, want: "U"},
		{in: "U.S.", count: 10, err: ErrUnknownLevel, offset: 0, token: "U.S."}, // a heading, not a mark
		{in: "U//FOUO", count: 15, want: "U//FOUO"},
		{in: "UN", count: 2, err: ErrUnknownLevel, offset: 0, token: "UN"}, // a heading, not a mark
		{in: "a", count: 1, err: ErrUnknownLevel, offset: 0, token: "a"},   // a list letter, not a mark
		{in: "b", count: 1, err: ErrUnknownLevel, offset: 0, token: "b"},   // a list letter, not a mark
		{in: "c", count: 58, want: "C"},
		{in: "d", count: 1, err: ErrUnknownLevel, offset: 0, token: "d"}, // a list letter, not a mark
		{in: "e", count: 1, err: ErrUnknownLevel, offset: 0, token: "e"}, // a list letter, not a mark
		{in: "f", count: 1, err: ErrUnknownLevel, offset: 0, token: "f"}, // a list letter, not a mark
		{in: "g", count: 1, err: ErrUnknownLevel, offset: 0, token: "g"}, // a list letter, not a mark
		{in: "s", count: 8, want: "S"},
		{in: "s/nf", count: 1, want: "S//NF"},
		{in: "sbu", count: 4, want: "U//SBU"},
		{in: "u", count: 10, want: "U"},
	}
}
