package cabletext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cable/cable/internal/cable"
)

// seedRefBlock is the REF block of the seed cable, 07STATE159388, as the
// body scanner hands it over.
const seedRefBlock = "REF: A. STATE 109649 B. BEIJING5237 C. STATE 071143 D. STATE 073601 " +
	"E. STATE 72896 F. BEIJING 6361 G. STATE 148514 H. BEIJING 6848 \n\n"

// wantCable and wantOther build expected references.
func wantCable(label, text, id string) cable.Reference {
	return cable.Reference{Label: label, Text: text, ID: id, Kind: cable.RefCable}
}

func wantOther(label, text string, kind cable.RefKind) cable.Reference {
	return cable.Reference{Label: label, Text: text, Kind: kind}
}

func TestParseReferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block string
		year  int
		self  string
		want  []cable.Reference
	}{
		{
			name: "Seed", block: seedRefBlock, year: 2007, self: "07STATE159388",
			want: []cable.Reference{
				wantCable("A", "STATE 109649", "07STATE109649"),
				wantCable("B", "BEIJING5237", "07BEIJING5237"),
				wantCable("C", "STATE 071143", "07STATE71143"),
				wantCable("D", "STATE 073601", "07STATE73601"),
				wantCable("E", "STATE 72896", "07STATE72896"),
				wantCable("F", "BEIJING 6361", "07BEIJING6361"),
				wantCable("G", "STATE 148514", "07STATE148514"),
				wantCable("H", "BEIJING 6848", "07BEIJING6848"),
			},
		},
		{
			// cablemap test_reader_references.py _TEST_DATA[0], shortened.
			name: "YearPrefixes", year: 2007,
			block: "REF: A. TBILISI 1605  B. 06 TBILISI 2601  C. 06 STATE 80908  D. 06 TBILISI 0619",
			want: []cable.Reference{
				wantCable("A", "TBILISI 1605", "07TBILISI1605"),
				wantCable("B", "06 TBILISI 2601", "06TBILISI2601"),
				wantCable("C", "06 STATE 80908", "06STATE80908"),
				wantCable("D", "06 TBILISI 0619", "06TBILISI619"),
			},
		},
		{
			name: "FourDigitYear", year: 2008,
			block: "REF: A. MANAGUA 130 \nB. 2007 MANAGUA 2135 \nC. 2006 MANAGUA 2611 \n",
			want: []cable.Reference{
				wantCable("A", "MANAGUA 130", "08MANAGUA130"),
				wantCable("B", "2007 MANAGUA 2135", "07MANAGUA2135"),
				wantCable("C", "2006 MANAGUA 2611", "06MANAGUA2611"),
			},
		},
		{
			name: "SecStateAndSpacedStations", year: 2008,
			block: "REF: A. SECSTATE 74879 B. 08 RIO DE JAN 138 C. THE HAGUE 482 D. 05 SAO PAULO 405",
			want: []cable.Reference{
				wantCable("A", "SECSTATE 74879", "08STATE74879"),
				wantCable("B", "08 RIO DE JAN 138", "08RIODEJANEIRO138"),
				wantCable("C", "THE HAGUE 482", "08THEHAGUE482"),
				wantCable("D", "05 SAO PAULO 405", "05SAOPAULO405"),
			},
		},
		{
			name: "MistypedZeroAndO", year: 2006,
			block: "REF: (A)05 CHENNAI 0121, (B)O4 CHENNAI 0944, (C) 05 0TTAWA 3518, (D) 05 SANTIAG0 465",
			want: []cable.Reference{
				wantCable("A", "05 CHENNAI 0121", "05CHENNAI121"),
				wantCable("B", "O4 CHENNAI 0944", "04CHENNAI944"),
				wantCable("C", "05 0TTAWA 3518", "05OTTAWA3518"),
				wantCable("D", "05 SANTIAG0 465", "05SANTIAGO465"),
			},
		},
		{
			name: "AndInheritsStation", year: 2004,
			block: "REF: A. BRASILIA 2799 AND 2764 ¶B. PORT AU PRINCE 2325",
			want: []cable.Reference{
				wantCable("A", "BRASILIA 2799", "04BRASILIA2799"),
				wantCable("A", "2764", "04BRASILIA2764"),
				wantCable("B", "PORT AU PRINCE 2325", "04PORTAUPRINCE2325"),
			},
		},
		{
			name: "SlashList", year: 2007,
			block: "Refs:  A) Kabul 936/935; B) 06 Kabul 5353/5194 and previous",
			want: []cable.Reference{
				wantCable("A", "Kabul 936", "07KABUL936"),
				wantCable("A", "935", "07KABUL935"),
				wantCable("B", "06 Kabul 5353", "06KABUL5353"),
				wantCable("B", "5194", "06KABUL5194"),
			},
		},
		{
			name: "BareSerialOnBullet", year: 2006,
			block: "REF: A. MANILA 2969 \n     ¶B. 2962 AND PREVIOUS \n",
			want: []cable.Reference{
				wantCable("A", "MANILA 2969", "06MANILA2969"),
				wantCable("B", "2962", "06MANILA2962"),
			},
		},
		{
			name: "LoneCommaNumberIsNoReference", year: 2005,
			block: "Ref: [A] State 188314, 259032, [B] Ottawa 2285",
			want: []cable.Reference{
				wantCable("A", "State 188314", "05STATE188314"),
				wantCable("B", "Ottawa 2285", "05OTTAWA2285"),
			},
		},
		{
			name: "YearSuffixes", year: 2006,
			block: "REF: A. QUITO 4525-91 B. PANAMA 00789/08 C. ASUNCION 701 (08) D. AMMAN 07718 99, E. COLOMBO CABLES 0266 AND 02259 (2002)",
			want: []cable.Reference{
				wantCable("A", "QUITO 4525-91", "91QUITO4525"),
				wantCable("B", "PANAMA 00789/08", "08PANAMA789"),
				wantCable("C", "ASUNCION 701 (08)", "08ASUNCION701"),
				wantCable("D", "AMMAN 07718 99", "99AMMAN7718"),
				wantCable("E", "COLOMBO CABLES 0266", "06COLOMBO266"),
				wantCable("E", "02259 (2002)", "02COLOMBO2259"),
			},
		},
		{
			name: "OtherYearForms", year: 2010,
			block: "REF: (99) ROME 2196; '08 BUENOS AIRES 1491; 094 QUITO 841; 09CAIRO0561; 10-OTTAWA-57; STATE (01) 201265",
			want: []cable.Reference{
				wantCable("", "(99) ROME 2196", "99ROME2196"),
				wantCable("", "'08 BUENOS AIRES 1491", "08BUENOSAIRES1491"),
				wantCable("", "094 QUITO 841", "94QUITO841"),
				wantCable("", "09CAIRO0561", "09CAIRO561"),
				wantCable("", "10-OTTAWA-57", "10OTTAWA57"),
				wantCable("", "STATE (01) 201265", "01STATE201265"),
			},
		},
		{
			name: "SerialFirst", year: 2002,
			block: "REFS: A) 377 KATHMANDU, B) 01 KATHMANDU 2383",
			want: []cable.Reference{
				wantCable("A", "377 KATHMANDU", "02KATHMANDU377"),
				wantCable("B", "01 KATHMANDU 2383", "01KATHMANDU2383"),
			},
		},
		{
			name: "BareBullets", year: 2006,
			block: "Ref: A Montreal 365, B Ottawa 406, C 05 Ottawa 2970 This message is Sensitive but Unclassified",
			want: []cable.Reference{
				wantCable("A", "Montreal 365", "06MONTREAL365"),
				wantCable("B", "Ottawa 406", "06OTTAWA406"),
				wantCable("C", "05 Ottawa 2970", "05OTTAWA2970"),
			},
		},
		{
			name: "RepeatedBullets", year: 2009,
			block: "REF: A. REF A: 09 SOFIA 154\n¶B. REF B: 05 SOFIA 1207\n",
			want: []cable.Reference{
				wantCable("A", "09 SOFIA 154", "09SOFIA154"),
				wantCable("B", "05 SOFIA 1207", "05SOFIA1207"),
			},
		},
		{
			name: "NumberedBullets", year: 2006,
			block: "REFS: (1) 2005 RIO DE JANEIRO 1143, (2) 2005 BRASILIA 03242 ",
			want: []cable.Reference{
				wantCable("1", "2005 RIO DE JANEIRO 1143", "05RIODEJANEIRO1143"),
				wantCable("2", "2005 BRASILIA 03242", "05BRASILIA3242"),
			},
		},
		{
			name: "SelfAndDuplicatesDropped", year: 2008, self: "08TRIPOLI402",
			block: "REF: A) TRIPOLI 199, B) TRIPOLI 227 C) TRIPOLI 199 TRIPOLI 00000402 \n\n001.2 OF 003 ",
			want: []cable.Reference{
				wantCable("A", "TRIPOLI 199", "08TRIPOLI199"),
				wantCable("B", "TRIPOLI 227", "08TRIPOLI227"),
			},
		},
		{
			name: "NotCables", year: 2010,
			block: "REF: A. SANAA 71\n¶B. MITCHELL/SIMS TELCON 02/16/2010\n¶C. MITCHELL/SIMS EMAIL 02/16/2010\n" +
				"¶D. OSC EUP20080707950031\n¶E. 9 FAM 41.122\n¶F. DAO MEMO OF 2/3/10\n",
			want: []cable.Reference{
				wantCable("A", "SANAA 71", "10SANAA71"),
				wantOther("B", "MITCHELL/SIMS TELCON 02/16/2010", cable.RefTelcon),
				wantOther("C", "MITCHELL/SIMS EMAIL 02/16/2010", cable.RefEmail),
				wantOther("D", "OSC EUP20080707950031", cable.RefReport),
				wantOther("E", "9 FAM 41.122", cable.RefOther),
				wantOther("F", "DAO MEMO OF 2/3/10", cable.RefMemo),
			},
		},
		{
			name: "NoBulletsSemicolons", year: 2008,
			block: "REF: 08 STATE 1234; E-Mail Tralala; 05 STATE 1234",
			want: []cable.Reference{
				wantCable("", "08 STATE 1234", "08STATE1234"),
				wantOther("", "E-Mail Tralala", cable.RefEmail),
				wantCable("", "05 STATE 1234", "05STATE1234"),
			},
		},
		{
			name: "NotInitials", year: 2009,
			block: "REF: E-mails J. Speaks-K. Allen ",
			want:  []cable.Reference{wantOther("", "E-mails J. Speaks-K. Allen", cable.RefEmail)},
		},
		{
			name: "DatesAndDTGsAreNoSerials", year: 2008,
			block: "REF: A. A) MANAMA 20 \nB. B) 2/22/08 GRAY-ERELI E-MAIL \nC. SECDEF MSG DTG 301601z SEP 08\n",
			want: []cable.Reference{
				wantCable("A", "MANAMA 20", "08MANAMA20"),
				wantOther("B", "2/22/08 GRAY-ERELI E-MAIL", cable.RefEmail),
				wantOther("C", "SECDEF MSG DTG 301601z SEP 08", cable.RefOther),
			},
		},
		{
			name: "UnknownYear", year: 0,
			block: "REF: A. 06 STATE 1 B. STATE 2",
			want: []cable.Reference{
				wantCable("A", "06 STATE 1", "06STATE1"),
				wantOther("B", "STATE 2", cable.RefOther),
			},
		},
		{
			// A letter right after a bullet opens its item.
			name: "LetterAfterBullet", year: 2008,
			block: "REF: A. 000000\nB. C 0000",
			want: []cable.Reference{
				wantOther("A", "000000", cable.RefOther),
				wantOther("B", "C 0000", cable.RefOther),
			},
		},
		{
			name: "Empty", year: 2008, block: "REF: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ParseReferences(tt.block, tt.year, tt.self)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseReferences(%q, %d, %q) mismatch (-want +got):\n%s", tt.block, tt.year, tt.self, diff)
			}
		})
	}
}

// TestParseReferences_Ends checks that a block handed over with more text
// than its references stops where the references end.
func TestParseReferences_Ends(t *testing.T) {
	t.Parallel()
	long := "REF: STATE 1234\n\n" + strings.Repeat("THE MINISTER MET 42 OFFICIALS IN PARIS 2009 ", 40)
	tests := []struct {
		name, block string
		want        []string
	}{
		{"ClassifiedBy", "REF: A. MOSCOW 816 Classified By: Ambassador William J. Burns for Reasons 1.4 (b/d) BERN 12", []string{"08MOSCOW816"}},
		{"NumberedParagraph", "REF: TRIPOLI 115\n\n1.(SBU) This is an action request; see TRIPOLI 4.\n", []string{"08TRIPOLI115"}},
		{"ParagraphMark", "REF: TRIPOLI 466  1. (C) Summary: BERN 12", []string{"08TRIPOLI466"}},
		{"Summary", "Ref:  2003 Rio de Janeiro 1773 \n \nSummary \n------- \nBERN 12", []string{"03RIODEJANEIRO1773"}},
		{"Prose", "REF: STATE 52146 \n \n(SBU) Per reftel, Ambassador Smith met PARIS 1234 officials.", []string{"08STATE52146"}},
		{"Banner", "REF: Tbilisi 001344 \n---------- EVACUATION ----------\nROME 12", []string{"08TBILISI1344"}},
		{"PageHeader", "REF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098", []string{"08STATE40721", "08ROME1098"}},
		{"SpacedClassification", "REF: A) STATE 856708 B) STATE 86108 ...\n\nC O N F I D E N T I A L RIGA 000472 SIPDIS", []string{"08STATE856708", "08STATE86108"}},
		{"CorrectedCopy", "REF: Panama 01764 \n \n \nC O R R E C T E D COPY OF PANAMA 1957 - TEXT", []string{"08PANAMA1764"}},
		{"CutShortThenRepeated", "REF: A. STATE 85678 \n     ¶B. U...\n\nS E C R E T USNATO 000281 SIPDIS\nSUBJECT: X REF: A. STATE 85678 B. USNATO 279", []string{"08STATE85678", "08USNATO279"}},
		{"LongTail", long, []string{"08STATE1234"}},
		{"TooLong", strings.Repeat("X", maxRefBlock) + " PARIS 1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, r := range ParseReferences(tt.block, 2008, "") {
				if r.Kind == cable.RefCable {
					got = append(got, r.ID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseReferences(%q) ids mismatch (-want +got):\n%s", tt.block, diff)
			}
		})
	}
}

func FuzzParseReferences(f *testing.F) {
	f.Add(seedRefBlock, 2007, "07STATE159388")
	f.Add("REF: A. A) SECSTATE 54183 B. B) 07 BRASILIA 1868 C. C) STATE 57700 D. 07 STATE 17940 Classified By: DCM", 2008, "")
	f.Add("REF: (A)05 CHENNAI 0121, (B)O4 CHENNAI 0944 AND 12, 13, 14 ¶C. 2962/08", 2006, "")
	f.Add("Refs:  A) Kabul 936/935; B) Kabul 692/317; C) 06 Kabul \n5353/5194/4319 and previous", 2007, "")
	f.Add("REF: A. QUITO 4525-91 B. PANAMA 00789/08 C. AMMAN 07718 99 D. 870 Ulaanbaatar", 1999, "")
	f.Add("REF: A. STATE ...\n\n\nS E C R E T X 000001 REF: A. STATE 1 B. 02...", 0, "")
	f.Fuzz(func(t *testing.T, block string, year int, self string) {
		for _, r := range ParseReferences(block, year, self) {
			if r.Kind == cable.RefCable {
				if _, err := cable.ParseID(r.ID); err != nil {
					t.Errorf("ParseReferences(%q) gave cable id %q: %v", block, r.ID, err)
				}
				if r.ID == self {
					t.Errorf("ParseReferences(%q, %q) kept the self-reference", block, self)
				}
			} else if r.ID != "" {
				t.Errorf("ParseReferences(%q) gave %s reference %q an id %q", block, r.Kind, r.Text, r.ID)
			}
			if !strings.Contains(block, r.Text) || utf8.ValidString(block) && !utf8.ValidString(r.Text) {
				t.Errorf("ParseReferences(%q) gave text %q, not a piece of the block", block, r.Text)
			}
		}
	})
}

func BenchmarkParseReferences(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(seedRefBlock)))
	for b.Loop() {
		ParseReferences(seedRefBlock, 2007, "07STATE159388")
	}
}
