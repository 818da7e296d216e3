package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sigCable wraps the end of a cable's text, as cablemap's signers cases
// quote it (test_reader_signers.py), in a telegram with a classification
// line, so that the reader sees it as the body's end.
func sigCable(tail string) string {
	return "C O N F I D E N T I A L STATE 000123\n\nSUBJECT: TEST\n\n1. (C) TEXT.\n\n" + tail
}

// TestSigners reads the signer through the whole reader, from cablemap's
// signers cases.
func TestSigners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tail string
		want       []string
	}{
		{"OwnLine", "2. AND HAS EXTRACTED PROMISE FROM REKANGALT TO\nPHONE ESSONGHE DIRECTLY THIS AFTERNOON IF HE STILL\nAPPEARS TO BE WAVERING.\nSTEIGMAN\nCONFIDENTIAL\n", []string{"STEIGMAN"}},
		{"DeclassifiedStamp", "2. RECENT MONTHS.\n\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO Systematic\nReview 30 JUN 2006\n", []string{"SULLIVAN"}},
		{"DashLine", "2. WHALING FLEET THROUGH JANUARY 7.\n-\nCLARK\n", []string{"CLARK"}},
		{"AfterText", "21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON\n", []string{"EAGLETON"}},
		{"Captions", "2. NOT HINDERED IN HIS OBSERVATIONS.\nRICKERT\n\n\nCONFIDENTIAL\n\nSIPDIS\n", []string{"RICKERT"}},
		{"NoteBy", "2. QUIET.  END COMMENT.\n\nBARTHOLOMEW\n\nNOTE BY OC/T:  HEADING AS RECEIVED.  CORRECTION TO FOLLOW.\n", []string{"BARTHOLOMEW"}},
		{"Hashes", "2. BUSINESS AS USUAL.\n\nGILLESPIE##\n", []string{"GILLESPIE"}},
		{"Period", "2. APT TO BE OVERTURNED.\n\nMCNAMARA.\n", []string{"MCNAMARA"}},
		{"PageHeader", "2. UNDERTAKES SOMETHING.  END TEXT.\nEINIK\n                       UNCLASSIFIED\n\nPAGE 04        ZAGREB  01569  04 OF 04  071629Z\n\n\n                       UNCLASSIFIED\n\nNNNN\n", []string{"EINIK"}},
		{"Record", "(Drafted: PAS: Victoria Alvarado.)\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED", []string{"SHAPIRO"}},
		{"NotPassed", "END COMMENT.\nPETERSON\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n                       CONFIDENTIAL", []string{"PETERSON"}},
		{"TwoWords", "IS UNAVAILABLE AT POST.\n\n\nDE PREE\n", []string{"DE PREE"}},
		{"Apostrophe", "IF HE WISHED.\n\n\nO'DONOHUE", []string{"O'DONOHUE"}},
		{"LimitedOfficialUse", "WHICH SERVES AS AIR\nMONGOLIA'S AGENT IN CHINA.\n\nLORD\nLIMITED OFFICIAL USE\nNNNN", []string{"LORD"}},
		{"LonePeriod", "WILL NOT PROVIDE SOFTER LANDINGS. \n \nBRUSSELS 00003382  003 OF 003 \n \n \nGRAY \n.", []string{"GRAY"}},
		{"ArchiveTrailer", "RABTA FOR ILLICIT B/CW PRODUCTION. \nSEMBLER \n \n                          SECRET \n \n> \n 2002ROME01748 - Classification: SECRET", []string{"SEMBLER"}},
		{"MixedCase", "continue our current close cooperation and robust information \nsharing on operational matters. \n \nMurphy", []string{"Murphy"}},
		{"MixedCaseAfterText", "2. (C) We will continue to monitor the investigation. End comment. Krajeski", []string{"Krajeski"}},
		{"Backslash", "Brazil and others now need to do the same. \\\nWOOD \\", []string{"WOOD"}},
		{"Nnnn", "2. (U) U/S Joseph cleared this cable. HOAGLAND NNNN", []string{"HOAGLAND"}},
		{"Redaction", "2. (C) the hearts and minds of the North Korean people. XXXXXXXXXXX STEPHENS", []string{"STEPHENS"}},
		{"Table", "Tourism             53.5 \nCommercial", nil},
		{"EndComment", "2. (C) THE TALKS WILL GO ON. END COMMENT", nil},
		{"Abbreviation", "2. (C) THEY HANDED IT TO THE U.S. EMBASSY", nil},
		{"AddressLine", "STAPLETON \n\nINFO RUCNMEM/EU MEMBER STATES", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := ParseString(sigCable(tt.tail))
			if diff := cmp.Diff(tt.want, Signers(c.Text.Signature), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("signers (-want +got):\n%s", diff)
			}
			if d := roundTripDiff(c); d != "" {
				t.Errorf("round trip (-first +second):\n%s", d)
			}
		})
	}
}

func TestIsSignature(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want bool
	}{
		{"RICE", true},
		{"MC CARTHY", true},
		{"KEEGAN/PAAL", true},
		{"GILLESPIE##", true},
		{"Murphy", true},
		{"McMullen", true},
		{"van Voorst", true},
		{"McCORMICK", true},
		{"LU", true},
		{"END COMMENT", false},
		{"AND GUIDANCE REQUES", false},
		{"SIPDIS", false},
		{"NOFORN", false},
		{"Regards", false},
		{"Stephens.", false},
		{"K", false},
		{"DANIEL ORTEGA AN...", false},
		{"XXXXXXXXXXXX MOLLER", false},
		{"RUCNMEM/EU MEMBER STATES", false},
		{"THE MINISTER SAID THAT THE TALKS WOULD GO ON", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			if got := isSignature(tt.line); got != tt.want {
				t.Errorf("isSignature(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

func TestTrailingSigner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line, name string
		at         int
	}{
		{"21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON", "EAGLETON", len("21.  BEIRUT MINIMIZE CONSIDERED.  ")},
		{"REPORT.  END OF TEXT. BAKER", "BAKER", 22},
		{"(END QUOTE) BAKER", "BAKER", 12},
		{"…in this matter. TEFFT", "TEFFT", len("…in this matter. ")},
		{"End comment. Krajeski", "Krajeski", 13},
		{"the people. XXXXXXXXXXX STEPHENS", "STEPHENS", 24},
		{"THE TALKS WILL GO ON. END COMMENT", "", -1},
		{"HANDED IT TO THE U.S. EMBASSY", "", -1},
		{"HANDED IT TO THE EMBASSY", "", -1},
		{"(U) This message", "", -1},
		{"STEIGMAN", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			name, at := trailingSigner(tt.line)
			if name != tt.name || at != tt.at {
				t.Errorf("trailingSigner(%q) = %q, %d, want %q, %d", tt.line, name, at, tt.name, tt.at)
			}
		})
	}
}

func TestSignersSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sig  string
		want []string
	}{
		{"RICE", []string{"RICE"}},
		{"KEEGAN/PAAL", []string{"KEEGAN", "PAAL"}},
		{"KEEGAN AND PAAL", []string{"KEEGAN", "PAAL"}},
		{"GILLESPIE##", []string{"GILLESPIE"}},
		{"MCNAMARA.", []string{"MCNAMARA"}},
		{"STRAUSZ-HUPE", []string{"STRAUSZ-HUPE"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.sig, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Signers(tt.sig), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Signers(%q) (-want +got):\n%s", tt.sig, diff)
			}
		})
	}
}
