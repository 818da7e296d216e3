package postgres

import (
	"strings"
)

// The query language is cable.Query's, one for both stores. A term is
// written as FTS5 writes it ("word", "a phrase", "pre"*); tsquerySQL
// turns it into a tsquery.

// tsConfig is the text search configuration of the portion index
// (migrations/0001_init.sql): English stemming, no stop words.
const tsConfig = "'cable'"

// tsquerySQL returns a SQL expression for the tsquery of one term, whose
// text travels as the named argument arg, and that argument's value. A
// word or phrase is matched as phraseto_tsquery matches it: its words
// (split as the index splits them, by cable_words), stemmed, adjacent and
// in order, as an FTS5 string is. A prefix term's last word matches any
// word it begins ('talk':*), its others as a phrase before it.
func tsquerySQL(term, arg string) (expr string, value string) {
	text, prefix := unquoteFTS(term)
	if !prefix {
		return "phraseto_tsquery(" + tsConfig + ", cable_words(@" + arg + "))", text
	}
	var lexemes []string
	// The words are letters and digits only, so quoting needs no escape.
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) }) {
		lexemes = append(lexemes, "'"+w+"'")
	}
	if len(lexemes) == 0 {
		// No word to match: the empty query, which matches nothing.
		return "phraseto_tsquery(" + tsConfig + ", @" + arg + ")", ""
	}
	lexemes[len(lexemes)-1] += ":*"
	return "to_tsquery(" + tsConfig + ", @" + arg + ")", strings.Join(lexemes, " <-> ")
}

// wordRune reports whether cable_words (migrations/0001_init.sql) keeps r
// in a word: an ASCII letter or digit, or a non-ASCII character other
// than the punctuation it lists.
func wordRune(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r == 0xA0 || r == 0xAB || r == 0xBB || r == 0x2026:
		return false
	case 0x2010 <= r && r <= 0x2015, 0x2018 <= r && r <= 0x201F:
		return false
	}
	return true
}

// unquoteFTS undoes quoteFTS, reporting whether the term was a prefix.
func unquoteFTS(term string) (text string, prefix bool) {
	if strings.HasSuffix(term, "*") {
		term, prefix = strings.TrimSuffix(term, "*"), true
	}
	term = strings.TrimSuffix(strings.TrimPrefix(term, `"`), `"`)
	return strings.ReplaceAll(term, `""`, `"`), prefix
}
