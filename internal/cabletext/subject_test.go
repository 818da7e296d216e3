package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// TestSetSubject transcribes cablemap's subject cases (test_reader_subject.py)
// as the text after the keyword that the preamble scanner hands over.
func TestSetSubject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, s    string
		want, mark string
	}{
		{"Plain", "PROGRESS OF WAR EFFORT REASSURES A WORRIED VATICAN. ", "PROGRESS OF WAR EFFORT REASSURES A WORRIED VATICAN.", ""},
		{"Folded", "DATA PRIVACY TRUMPS SECURITY: IMPLICATIONS OF A \nFDP VICTORY ON COUNTERTERRORISM COOPERATION ", "DATA PRIVACY TRUMPS SECURITY: IMPLICATIONS OF A FDP VICTORY ON COUNTERTERRORISM COOPERATION", ""},
		{"MarkFirst", "(C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939  B. LONDON 1704", "WHO WOULD REPLACE GORDON BROWN AS UK PRIME", "C/NF"},
		{"MarkLast", "NEW GOVERNMENT (C)", "NEW GOVERNMENT", "C"},
		{"SectionMarker", "PART 3 OF 3:  THE LIFE AND TIMES OF SOUTH AFRICA'S \nNEW PRESIDENT\nPRETORIA 00000954 001.2 OF 004\n", "PART 3 OF 3: THE LIFE AND TIMES OF SOUTH AFRICA'S NEW PRESIDENT", ""},
		{"SectionMarkerShort", "ITALY AND IRAN \nROME 0001 003.2 OF 004", "ITALY AND IRAN", ""},
		{"Rule", "ZIM NOTES 11-09-2009 \n----------- \n1. SUMMARY\n----------- \n", "ZIM NOTES 11-09-2009", ""},
		{"PageHeader", "ASSISTANT SECRETARY MEETS WITH ZIMBABWE \n CONFIDENTIAL\nPAGE 02 HARA", "ASSISTANT SECRETARY MEETS WITH ZIMBABWE CONFIDENTIAL", ""},
		{"ActionRequest", "SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING\nEU PRESIDENCY\nThis is an Action request. Please see para 2.\n", "SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING EU PRESIDENCY", ""},
		{"CharRefs", "Bla &#8217; bla &#8220; bla &#8221; bla ", "Bla \u2019 bla \u201c bla \u201d bla", ""},
		{"HexCharRef", "A &#x2019; B", "A \u2019 B", ""},
		{"BadCharRef", "A &#; B &#99999999; C", "A &#; B &#99999999; C", ""},
		{"ClassifiedGlued", "SCENESETTER FOR AMBASSADOR CROCKER\u2019S VISIT TO CAIROClassified By: DEPUTY CHIEF OF MISSION STUART JONES. REASONS: 1.4 (B) and (D)\n1. (S) Welcome to Cairo.", "SCENESETTER FOR AMBASSADOR CROCKER\u2019S VISIT TO CAIRO", ""},
		{"RefGlued", "FBI DIRECTOR MUELLER\u2019S VISIT TO EGYPTREF: CAIRO 493", "FBI DIRECTOR MUELLER\u2019S VISIT TO EGYPT", ""},
		{"RefSpaced", "BAHRAIN WILL FORMALLY REQUEST QATAR TO EXECUTE LEGAL JUDGMENT AGAINST KHALIFA AL SUBAIE REF: A. A) MANAMA 20 \n", "BAHRAIN WILL FORMALLY REQUEST QATAR TO EXECUTE LEGAL JUDGMENT AGAINST KHALIFA AL SUBAIE", ""},
		{"SensitiveBut", "EGYPT'S 55th BIRD FLU VICTIM, ANOTHER CHILD Sensitive but ", "EGYPT'S 55th BIRD FLU VICTIM, ANOTHER CHILD", ""},
		{"LetterSpaced", "RUSSIAN SCIEN...\nC O N F I D E N T I A L MOSCOW 001704 SIPDIS", "RUSSIAN SCIEN...", ""},
		{"Backslashes", "LITTLE PROGRESS AND MUCH CONFUSION AND FRUSTRATION \\\nLEAD TO ADJOURNMENT OF HUMAN RIGHTS COUNCIL'S SECOND SESSION \\\n \\\nGENEVA 00002654  001.2 OF 004 \\\n", "LITTLE PROGRESS AND MUCH CONFUSION AND FRUSTRATION LEAD TO ADJOURNMENT OF HUMAN RIGHTS COUNCIL'S SECOND SESSION", ""},
		{"USHyphen", "THE US- \nLATIN AMERICAN RELATIONSHIP US-CHILEAN TIES US- \nURUGUAYAN FTA", "THE US-LATIN AMERICAN RELATIONSHIP US-CHILEAN TIES US-URUGUAYAN FTA", ""},
		{"Paragraph", "KEEPING THE DOOR OPEN\n1. (C) Summary: the party", "KEEPING THE DOOR OPEN", ""},
		{"Summary", "KEEPING THE DOOR OPEN 1. SUMMARY: the party", "KEEPING THE DOOR OPEN", ""},
		{"Friday", "WEEKLY REPORT\nFriday, March 3", "WEEKLY REPORT", ""},
		{"SummaryLine", "GUJARAT: PEACEFUL ON THE SURFACE \nSummary \n-------", "GUJARAT: PEACEFUL ON THE SURFACE", ""},
		{"SummaryFirst", " DAILY SUMMARY OF JAPANESE PRESS", "DAILY SUMMARY OF JAPANESE PRESS", ""},
		{"SummaryWordFirst", " SUMMARY OF JAPANESE PRESS", "SUMMARY OF JAPANESE PRESS", ""},
		{"RunOnMarker", "GOL SUGGESTS TIES \"GREATLY COMPLICATED\" BY UTA CASE DAMAGES AWARD TRIPOLI 00000036 001.2 OF 003", "GOL SUGGESTS TIES \"GREATLY COMPLICATED\" BY UTA CASE DAMAGES AWARD", ""},
		{"TaskingCode", "INDIA-SYRIA RELATIONS (C-NE5-00868)", "INDIA-SYRIA RELATIONS (C-NE5-00868)", ""},
		{"Breaks", "ROMANIA: BOEING SETS UP FOR A 1 BILLION DOLLAR DEAL <br> \n<br>", "ROMANIA: BOEING SETS UP FOR A 1 BILLION DOLLAR DEAL", ""},
		{"Pilcrow", "BRAZIL INTERNAL POLITICS UPDATE, 28 AUGUST - 1 SEPTEMBER \n\u00b62006.", "BRAZIL INTERNAL POLITICS UPDATE, 28 AUGUST - 1 SEPTEMBER 2006.", ""},
		{"Senstive", "REP. ISSA'S MEETING IN SAO PAULO SENSTIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY.", "REP. ISSA'S MEETING IN SAO PAULO", ""},
		{"KeepsNumbers", "TFGG01: ENERGY AND THE CONFLICT IN GEORGIA", "TFGG01: ENERGY AND THE CONFLICT IN GEORGIA", ""},
		{"KeepsDashes", "IRAQ -- THE WAY FORWARD", "IRAQ -- THE WAY FORWARD", ""},
		{"KeepsClassifiedWord", "CLASSIFIED INFORMATION LEAK", "CLASSIFIED INFORMATION LEAK", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := &parser{c: &cable.Cable{}}
			p.setSubject(tt.s)
			got := [2]string{p.c.Text.Subject, p.c.Text.SubjectMark}
			if diff := cmp.Diff([2]string{tt.want, tt.mark}, got); diff != "" {
				t.Errorf("setSubject(%q) (-want +got):\n%s", tt.s, diff)
			}
			// The canonical writer's line reads back the same.
			again := &parser{c: &cable.Cable{}}
			again.setSubject(markPrefix(got[1]) + got[0])
			got[1] = canonicalMark(got[1]) // the writer writes the mark canonically
			if diff := cmp.Diff(got, [2]string{again.c.Text.Subject, canonicalMark(again.c.Text.SubjectMark)}); diff != "" {
				t.Errorf("not a fixed point (-once +twice):\n%s", diff)
			}
		})
	}
}

// TestSubjectRunOnMarker reads a subject through the whole reader, which
// knows the station whose words begin a section marker run onto it.
func TestSubjectRunOnMarker(t *testing.T) {
	t.Parallel()
	src := "C O N F I D E N T I A L NEW DELHI 007273\n\nSUBJECT: KASHMIR: PENDING EXECUTION CAUSING STRIFE FOR CONGRESS NEW DELHI 00007273 001.2 OF 003\n\n1. (C) TEXT.\n"
	c := ParseString(src)
	if diff := cmp.Diff("KASHMIR: PENDING EXECUTION CAUSING STRIFE FOR CONGRESS", c.Text.Subject); diff != "" {
		t.Errorf("subject (-want +got):\n%s", diff)
	}
}

func TestIsSectionMarker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		want bool
	}{
		{"PRETORIA 00000954 001.2 OF 004", true},
		{"ROME 0001 003.2 OF", true},
		{"SAO PAULO 00000123 002 OF 003", true},
		{"GENEVA 00002654  001.2 OF 004 \\", true},
		{"PART 3 OF 3", false},
		{"TFGG01: ENERGY", false},
		{"ROME 1234", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			t.Parallel()
			if got := isSectionMarker(tt.s); got != tt.want {
				t.Errorf("isSectionMarker(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}
