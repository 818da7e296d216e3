package cabletext

import "testing"

func TestCanonicalID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, id, want string
	}{
		{"Valid", "07STATE159388", "07STATE159388"},
		{"LeadingZeros", "07STATE0071143", "07STATE71143"},
		{"Alias", "05RIO123", "05RIODEJANEIRO123"},
		{"AliasLong", "05RIODEJAN123", "05RIODEJANEIRO123"},
		{"Misspelt", "08RIODEJANIERO1234", "08RIODEJANEIRO1234"},
		{"Unesco", "05PARISFR1", "05UNESCOPARISFR1"},
		{"UsUnesco", "05USUNESCOPARISFR1", "05UNESCOPARISFR1"},
		{"Unvie", "05UNVIE1", "05UNVIEVIENNA1"},
		{"Embassy", "05EMBASSYVIENNA1", "05VIENNA1"},
		{"EmbassyUnknown", "05EMBASSYBLABLA1", "05BLABLA1"},
		{"SecState", "06SECSTATE123", "06STATE123"},
		{"SecDef", "06SECDEF123", "06SECDEF123"},
		{"Hyphens", "06PORT-OF-SPAIN123", "06PORTOFSPAIN123"},
		{"Hague", "03HAGUE12", "03THEHAGUE12"},
		{"Taipei", "02TAIPEI12", "02AITTAIPEI12"},
		{"Brussels", "02BRUSSELS12", "02BRUSSELS12"},
		{"UsEu", "07USEU2", "07USEUBRUSSELS2"},
		{"Usun", "66USUNNY12", "66USUNNEWYORK12"},
		{"UsDoc", "10USDOCWASHDC12", "10USDOC12"},
		{"ZeroForO", "100TTAWA57", "10OTTAWA57"},
		{"Malformed", "08SCTION02OF02SAOPAULO335", "08SAOPAULO335"},
		{"MalformedSection", "08ECTION01OF02MANAMA492", "08MANAMA492"},
		{"Invalid", "09EFTOLONDON2468", "09LONDON2468"},
		{"InvalidEmbassy", "09AMEMBASSYHANOI1284", "09HANOI1284"},
		{"InvalidTosec", "90STATE255195TOSEC140301", "90STATE255195"},
		{"NotAnID", "REF", "REF"},
		{"NoSerial", "07STATE", "07STATE"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := CanonicalID(tt.id); got != tt.want {
				t.Errorf("CanonicalID(%q) = %q, want %q", tt.id, got, tt.want)
			}
			if got := CanonicalID(tt.want); got != tt.want {
				t.Errorf("CanonicalID(%q) = %q, want it unchanged (idempotent)", tt.want, got)
			}
		})
	}
}

// TestFixedIDs checks that every right-hand side of the malformed and
// invalid id tables is canonical already.
func TestFixedIDs(t *testing.T) {
	t.Parallel()
	for bad, good := range fixedIDs {
		if got := CanonicalID(good); got != good {
			t.Errorf("fixedIDs[%q] = %q, which CanonicalID turns into %q", bad, good, got)
		}
	}
}

// TestStationAliases checks that every alias leads to a known station.
func TestStationAliases(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, s := range knownStations {
		known[s] = true
	}
	for alias, s := range stationAliases {
		if !known[s] {
			t.Errorf("stationAliases[%q] = %q, not a known station", alias, s)
		}
	}
}
