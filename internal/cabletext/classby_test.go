package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cable/cable/internal/cable"
)

func TestClassifiedByAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s string
		want    string // the text after the keyword; "-" for no keyword
	}{
		{"Plain", "Classified By: Ambassador X", "Ambassador X"},
		{"Upper", "CLASSIFIED BY DCM X", "DCM X"},
		{"Mark", "(U) Classified by Acting DAS X", "Acting DAS X"},
		{"Repeated", "Classified By: Classified by DCM Liz Dibble", "DCM Liz Dibble"},
		{"EntireText", "CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY:\nCHRISTOPHER W.S. ROSS", "\nCHRISTOPHER W.S. ROSS"},
		{"NotKeyword", "CLASSIFIED INFORMATION", "-"},
		{"ClassifiedByLine", "CLASSIFIEDS BY X", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := "-"
			if n := classifiedByAt(tt.s); n > 0 {
				got = tt.s[n:]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("classifiedByAt(%q) (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}

// TestParseClassifiedByNames transcribes cablemap's classified_by cases
// (test_reader_classified_by.py), the text after the keyword: the names
// are the persons' names without title or office, as written.
func TestParseClassifiedByNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s string
		want    []string
	}{
		{"TitleFirst", "Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)", []string{"Marc Wall"}},
		{"NameFirst", "Rose E. Gottemoeller, Assistant Secretary, Department of State, VCI; REASON: 1.4(B), (D) ", []string{"Rose E. Gottemoeller"}},
		{"NameFirstUpper", "ROBERT P. FINN, DEPUTY CHIEF OF\nMISSION.  REASON: 1.5 (D)\n ", []string{"ROBERT P. FINN"}},
		{"SectionOnly", "SECTION 1.5 (B)\nAND (D).  NIACT PRECEDENCE BECAUSE OF GOVERNMENT CRISIS IN\nISRAEL.", nil},
		{"Dash", "DCM\nTHEODORE KATTOUF - 1.5 B,D.", []string{"THEODORE KATTOUF"}},
		{"OfficeDash", "AF/C - MARY BETH LEONARD, REASON 1.5\n(D). ", []string{"MARY BETH LEONARD"}},
		{"AmbassadorTo", "AMBASSADOR TO SUDAN TIMOTHY CARNEY.\nREASON 1.5(D).", []string{"TIMOTHY CARNEY"}},
		{"Junior", "THOMAS W. SIMONS, JR., AMBASSADOR.\nREASON:  1.5 (B), (C) AND (D).", []string{"THOMAS W. SIMONS, JR."}},
		{"JuniorAtEnd", "CONSUL GENERAL EDWARD G. ABINGTON, JR.  REASON \n1.5 (B) AND (D). ", []string{"EDWARD G. ABINGTON, JR."}},
		{"ZeroForO", "LEE 0. COLDREN, DIRECTOR, SA/PAB, \nDEPARTMENT OF STATE. REASON: 1.5(D). ", []string{"LEE 0. COLDREN"}},
		{"OfficePeriod", "POL/ECONOFF. S.K. ABEYTA.  REASON:  1.5(D) ", []string{"S.K. ABEYTA"}},
		{"Roman", "Ambassador Richard L. Baltimore, III. \nReasons: 1.4 (b) and (d). ", []string{"Richard L. Baltimore, III"}},
		{"RomanNoComma", "Conoff Walter Parrs III for Reasons 1.4 (b) and (d)", []string{"Walter Parrs III"}},
		{"EscapedApostrophe", "CHARGE D\\'AFFAIRES DANIEL SPECKHARD FOR REASONS 1.4 (A), \n(B) AND (D) ", []string{"DANIEL SPECKHARD"}},
		{"OfficeUpperInMixed", "ECON LARRY L. MEMMOTT, REASONS 1.4 (B,D) ", []string{"LARRY L. MEMMOTT"}},
		{"WrappedReasonUpper", "ACTING DEPUTY PRINCIPAL OFFICER LAURENT CHARBONNET.  REA \nSONS: 1.4 (B,D) ", []string{"LAURENT CHARBONNET"}},
		{"WrappedReason", "Political Minister-Counselor Christopher R. Davis for re \nason 1.4 (b/d) ", []string{"Christopher R. Davis"}},
		{"WrappedFor", "(U) Classified by Economic Counselor Thomas Goldberger f \nor reasons 1.4 b,d. ", []string{"Thomas Goldberger"}},
		{"WrappedTitle", "(C) CLASSIFIED BY MINISTER COUNSELOR FOR ECONOMIC AFFAIR \nS ROBERT LUKE; REASON 1.4 (B) AND (D). ", []string{"ROBERT LUKE"}},
		{"WrappedName", "Interagency Provincial Affairs Deputy Coordinator Hoyt Y \nee for reasons 1.4 (b) and (d) ", []string{"Hoyt Yee"}},
		{"WrappedNameComma", "Classified by Deputy Political Counselor Charles O. Blah \na, E.O. 12958, reasons 1.4 (b) and (d). ", []string{"Charles O. Blaha"}},
		{"SplitNameSameLine", "Interagency Provincial Affairs Deputy CooQnator Hoyt Y ee for reasons 1.4 (b) and (d)", []string{"Hoyt Yee"}},
		{"WrappedPer", "Classified by Pol-Economic Counselor David E. Henifin pe \nr 1.4(d) ", []string{"David E. Henifin"}},
		{"ChargeAffaires", "Charge Affaires Daniel Speckhard.  Reasons: 1.4 (b) and \n(d). ", []string{"Daniel Speckhard"}},
		{"ChargeCommaAI", "Charge d'affaires, a.i. Donald Petterson for reason 1.4 \n(b). ", []string{"Donald Petterson"}},
		{"ChargeDe", "Charge de Affaires Robert S. Ford for reasons \n1.4 (b) and (d). ", []string{"Robert S. Ford"}},
		{"ChargeAIParens", "Charge d'Afairs (AI) Thomas Vajda for Reasons 1.4 (b) & \n (d ", []string{"Thomas Vajda"}},
		{"ChargeCommaApostrophe", "Charge, d,Affaires a. i. James F. Entwistle, reason 1.4 \n(b) and (d). ", []string{"James F. Entwistle"}},
		{"NoReasons", "Charge d'Affaires, a.i., Arnold A. Chacon", []string{"Arnold A. Chacon"}},
		{"PlaceAfterFor", "Special Representative for Afghanistan and Pakistan \nRichard C. Holbrooke", []string{"Richard C. Holbrooke"}},
		{"PlaceAfterForUpper", "DEPUTY ASSISTANT SECRETARY OF STATE FOR \nCENTRAL ASIA GEORGE KROL FOR REASONS 1.4 (B) AND (D) ", []string{"GEORGE KROL"}},
		{"TeamLeader", "Kirkuk PRT Team Leader Howard Keegan for reason 1.4 (b) \nand(d). ", []string{"Howard Keegan"}},
		{"Acronyms", "TDY RSO JEFFREY PURSELL FOR REASON 1.5 C.", []string{"JEFFREY PURSELL"}},
		{"Ranks", "DEFENSE ATTACHE LTC LARRY BEISEL FOR REASONS 1.4 (B) AND \n (D). ", []string{"LARRY BEISEL"}},
		{"GuideBy", "DOS CLASSIFICATION GUIDE BY MARY TOWNSWICK \n \n1.  (C)  Summary.", []string{"MARY TOWNSWICK"}},
		{"AmbassadorSlips", "Ambassaor Joseph LeBaron for reasons 1.4 (b and d). ", []string{"Joseph LeBaron"}},
		{"AmbassadorSlipUpper", "AMBSSADOR JOHN F. TEFFT.  REASONS:  1.4 (B) AND (D). ", []string{"JOHN F. TEFFT"}},
		{"AmbassadorZero", "AMBASSAD0R B0HLEN.  REAS0N: \n1.5(B,D). ", []string{"B0HLEN"}},
		{"CounselorSlips", "Acting P/E Counsleor Jon Martinson, reasons 1.4 (b,d) ", []string{"Jon Martinson"}},
		{"DirectorSlip", "ISN/MTR Direcotr Pam Durham. \nReason:  1.4 (B), (D). ", []string{"Pam Durham"}},
		{"PolMinCoun", "POL MIN COUN TOM COUNTRYMAN, REASON 1.5(B)&(D). ", []string{"TOM COUNTRYMAN"}},
		{"Ecmin", "Acting Ecmin William Meara for reasons 1.4 (b) and (d) ", []string{"William Meara"}},
		{"UsdelMember", "USDEL Member Erin Y. Tariot, reasons 1.4 (b,d) ", []string{"Erin Y. Tariot"}},
		{"OtherSection", "AMBASSADOR RICAHRD E. HOAGLAND: 1.2 (B), (D) ", []string{"RICAHRD E. HOAGLAND"}},
		{"Colon", "Acting Pol/Econ Counselor:Steve Weston, \nreasons 1.4 (b and d) ", []string{"Steve Weston"}},
		{"ColonGlued", "AMB:RCROCKER, Reasons 1.4 (b) and (c) ", []string{"RCROCKER"}},
		{"SlashGlued", "Acting DCM/Ted Osius for reasons 1.4 (b and d) ", []string{"Ted Osius"}},
		{"HyphenReasons", "PRM/AFR Dir. Margaret McKelvey-reasons 1.4(b/d) ", []string{"Margaret McKelvey"}},
		{"Acting", "DCM J. Dean Yap (acting) for reasons 1.4 (b) \nand (d). ", []string{"J. Dean Yap"}},
		{"Fr", "AMBASSADOR JOHN L. WITHERS II FR REASONS 1.4 (b) AND (d \n). ", []string{"JOHN L. WITHERS II"}},
		{"BasedOn", "DCM ANNA BORG BASED ON E.O.12958 REASONS 1.4 (b) and (d) ", []string{"ANNA BORG"}},
		{"DueTo", "DCM ROBERT E. WHITEHEAD DUE TO 1,4 (C) AND (D). ", []string{"ROBERT E. WHITEHEAD"}},
		{"For12958", "ECONOMIC COUNSELOR BOB SILVERMAN \n FOR 12958 1.4 B, D, AND E ", []string{"BOB SILVERMAN"}},
		{"Question", "ISN ? PATRICIA A. MCNERNEA, ACTING \nASSISTANT SECRETARY, REASON 1.4 (B) AND (D) ", []string{"PATRICIA A. MCNERNEA"}},
		{"TwoNames", "AF KARL WYCOFF, ACTING AND S/CT DAS SHARI \nVILLAROSA ; E.O. 12958 REASON: 1.4 (B) AND (D) ", []string{"KARL WYCOFF", "SHARI VILLAROSA"}},
		{"TwoNamesOneSegment", "Poloff Steven Prohaska and DTRA Fred Carter, reasons 1.4 (b) and (d)", []string{"Steven Prohaska", "Fred Carter"}},
		{"SentenceEnd", "AMBASSADOR TOM MCDONALD. \n                       CONFIDENTIAL ", []string{"TOM MCDONALD"}},
		{"Garbage", "CDA: Charles Barclay for reQ#8$UQ8ML#C may choke oQhQGTzovisional\" controls, such as \nprice caps", []string{"Charles Barclay"}},
		{"References", "ADANA 222 \nADANA 216 \nADANA 207 \nANKARA 6772 ", nil},
		{"Particle", "Ambassador Carol van Voorst, reasons 1.4 (b) and (d)", []string{"Carol van Voorst"}},
		{"ParticleUpper", "PolCouns Velia M. De Pirro, reasons 1.4 (b,d)", []string{"Velia M. De Pirro"}},
		{"SurnameLikeTitle", "CDA Damian R. Leader for reasons 1.4 (b) and (d)", []string{"Damian R. Leader"}},
		{"CommaApostrophe", "A/DCM Daniel O,Grady for reason 1.4(d).", []string{"Daniel O'Grady"}},
		{"Redacted", "XXXXXXXXXXXX, Ambassador, U.S. Embassy Tripoli, Department of State, reasons 1.4 (b) and (d)", []string{"XXXXXXXXXXXX"}},
		{"Derived", "Derived from Multiple Sources", nil},
		{"CorrectionNote", "LINE ADDED", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseClassifiedBy(tt.s).Names
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parseClassifiedBy(%q).Names (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}

func TestParseClassifiedBy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s string
		want    cable.ClassifiedBy
	}{
		{"Seed", "ISN Acting DAS Richard Stratford. Reasons: 1.4(b) & (d).", cable.ClassifiedBy{
			Authority: "ISN Acting DAS Richard Stratford", Names: []string{"Richard Stratford"}, Reasons: []string{"1.4(b)", "1.4(d)"}}},
		{"Echo", "(C) CLASSIFIED BY MINISTER COUNSELOR FOR ECONOMIC AFFAIR \nS ROBERT LUKE; REASON 1.4 (B) AND (D). ", cable.ClassifiedBy{
			Authority: "MINISTER COUNSELOR FOR ECONOMIC AFFAIRS ROBERT LUKE", Names: []string{"ROBERT LUKE"}, Reasons: []string{"1.4(b)", "1.4(d)"}}},
		{"JuniorWithoutPeriod", "Ambassador Antonio O. Garza Jr, reasons 1.4 (b) and (d)", cable.ClassifiedBy{
			Authority: "Ambassador Antonio O. Garza Jr", Names: []string{"Antonio O. Garza Jr."}, Reasons: []string{"1.4(b)", "1.4(d)"}}},
		{"References", "ADANA 222 \nADANA 216 ", cable.ClassifiedBy{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseClassifiedBy(tt.s)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parseClassifiedBy(%q) (-want +got):\n%s", tt.s, diff)
			}
		})
	}
}

// TestParseClassifiedByFixedPoint checks that the canonical writer's
// "Classified By: <authority>. Reasons: …" reads back the same.
func TestParseClassifiedByFixedPoint(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"CONSUL GENERAL EDWARD G. ABINGTON, JR.  REASON \n1.5 (B) AND (D). ",
		"Ambassador Antonio O. Garza Jr, reasons 1.4 (b) and (d)",
		"CDA JEFFERSON B...",
		"Ambassador Heather M. Hodges for...",
		"Politica...",
		"Interagency Provincial Affairs Deputy Coordinator Hoyt Y \nee for reasons 1.4 (b) and (d) ",
	} {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			once := parseClassifiedBy(s)
			twice := parseClassifiedBy(once.Authority + ". Reasons: " + reasonsText(once.Reasons) + ".")
			if diff := cmp.Diff(once, twice, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("not a fixed point (-once +twice):\n%s", diff)
			}
		})
	}
}

func TestEditDistance1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"AMBASSAOR", "AMBASSADOR", true},
		{"AMBASASDOR", "AMBASSADOR", true},
		{"AMBBASSADOR", "AMBASSADOR", true},
		{"DIRECOTR", "DIRECTOR", true},
		{"COUNTRYMAN", "COUNSELOR", false},
		{"AMBASSADOR", "AMBASSADOR", true},
		{"AMBSADOR", "AMBASSADOR", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			t.Parallel()
			if got := editDistance1(tt.a, tt.b); got != tt.want {
				t.Errorf("editDistance1(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
