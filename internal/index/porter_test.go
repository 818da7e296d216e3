package index

import "testing"

// The stems FTS5's porter tokenizer gives for these words (checked with
// SQLite's fts5vocab on a "porter unicode61" table); the sqlite package
// holds the whole stemmer to FTS5 on generated cables and the corpus.
func TestStem(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"short words pass", "is", "is"},
		{"plural s", "cables", "cabl"},
		{"sses", "caresses", "caress"},
		{"ies", "ponies", "poni"},
		{"ss stays", "caress", "caress"},
		{"eed with measure", "agreed", "agre"},
		{"eed without measure", "feed", "feed"},
		{"ed", "plastered", "plaster"},
		{"ed without vowel", "bled", "bled"},
		{"ing", "motoring", "motor"},
		{"ing without vowel", "sing", "sing"},
		{"at to ate", "conflated", "conflat"},
		{"double consonant", "hopping", "hop"},
		{"double l stays", "falling", "fall"},
		{"cvc gets e", "filing", "file"},
		{"y to i", "happy", "happi"},
		{"ational", "relational", "relat"},
		{"tional", "conditional", "condit"},
		{"ization", "organization", "organ"},
		{"iveness", "decisiveness", "decis"},
		{"icate", "triplicate", "triplic"},
		{"ness", "goodness", "good"},
		{"ement", "replacement", "replac"},
		{"ion after t", "adoption", "adopt"},
		{"ion after other", "union", "union"},
		{"e removed", "probate", "probat"},
		{"e kept after cvc", "cease", "ceas"},
		{"ll", "controll", "control"},
		{"embassy", "embassy", "embassi"},
		{"diplomatic", "diplomatic", "diplomat"},
		{"negotiations", "negotiations", "negoti"},
		{"digits pass", "1973", "1973"},
		{"too long passes", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaings", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaings"},
		{"one-letter stem", "aing", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
