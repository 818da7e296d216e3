package cabletext

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, name := range []string{"seed.txt", "telegram.txt", "body.txt"} {
		src, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("UNCLAS STATE 000001\n\n1. (U) text\n"))
	f.Add([]byte("¶1. (S/NF) x\n¶6. y\n2.(C) z"))
}

// FuzzParse checks that the reader never panics on any input, that the
// lossless writer gives every input back, and that Check runs on whatever
// the reader made of it.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		c := Parse(src)
		var buf bytes.Buffer
		if err := WriteLossless(&buf, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), src) {
			t.Fatalf("WriteLossless(Parse(src)) differs from src")
		}
		Check(c, true)
	})
}

// FuzzRoundTrip checks that the canonical writer reaches a fixed point:
// whatever the reader made of an input, reading its canonical telegram
// gives a cable whose canonical telegram is the same.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		once := Format(Parse(src))
		twice := Format(ParseString(once))
		if once != twice {
			t.Fatalf("Format is not a fixed point:\nonce:\n%s\ntwice:\n%s", once, twice)
		}
	})
}

// TestFixedPoint holds the inputs FuzzRoundTrip found on which Format was
// not a fixed point, with the rule that made each one.
func TestFixedPoint(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src string }{
		// Found by earlier runs, once kept as files in
		// testdata/fuzz/FuzzRoundTrip.
		{"SpacedFragment", "T I A L 0"},
		// A class word alone is the class line when there is no other
		// (findClassLine); the writer spells LOU out.
		{"BareClassWord", "CONFIDENTIAL\n\n1. (C) A\n"},
		{"BareLimitedOfficialUse", "LIMITED OFFICIAL USE\n\nE.O. 11652: N/A\n1. A\n"},
		// An address that alone on its line reads as no address ("/", a
		// distribution line) is written after its keyword again
		// (continuesAddresses).
		{"AddressReadsAsDistribution", "TO 0\nTO /\n0"},
		// White space that ends a line ends a letter-spaced word as the
		// line's end does (isSingleLetter).
		{"SpacedFragmentTrailingSpace", "FIDEN T I A L\f"},
		{"GluedUnclas", "ANCLASaaaaAA 000000 1)A00"},
		// A class word goes on as long as its letters do, however many
		// it had (classWord): "UNCLAS A" has no station "A".
		{"LongClassWord", "NCLASAAAAAAAAAAA A"},
		{"SpacedFragmentInDigits", "000000000000000000000000000000000000000FIDEN T I A L AAA000 0TAS 000000(0"},
		{"PrecedenceGluedToCaption", "\nTO IMMEDIATE0SIPDIS"},
		// Any white space separates the letters of a class word
		// (classWord), as the writer's spaces do.
		{"ClassWordSpace", "NCLAS\fA"},
		// A keyword with nothing after it is skipped (scanPreamble).
		{"EmptyKeywords", "000000\nTGS\n0\nClAssifiedBY"},
		{"EmptyKeywordLine", "00000000\nREF"},
		// A paragraph's number may be indented by any white space the
		// writer trims (paragraphCandidate).
		{"IndentedNumber", "\v1)"},
		{"WideIndentedNumber", "\u20281)"},
		// A text with more indent than a number may have is written
		// with that much before what reads as a number (writeText).
		{"OverIndentedNumber", "\f      1)"},
		// and so is a heading (numberIndent): "1)A" over paragraph 1.
		{"OverIndentedNumberHeading", "\v      1)A\n1)"},
		// A paragraph without a mark whose text opens with one that reads
		// has its text start on the line after the number
		// (paragraphOpening), as "1)\n(C )" had.
		{"MarkOnNextLine", "000000\n1) \n(C )"},
		// A paragraph's number ends a word before a trailing signer
		// (trailingSigner): "1)Aaaa" reads as "1. Aaaa" does.
		{"SignerAfterNumber", "NCLAS0e00\n1)Aaaa"},
		// So does any white space after the number or mark, which the
		// writer writes as one space (trailingSigner): "1)\rAAA" reads
		// as "1. AAA" does.
		{"SignerAfterNumberSpace", "1)\rAAA"},
		{"SignerAfterMarkSpace", "1)(C)\vAAA"},
		// A trailing signer is one that a line of its own would be
		// (trailingSigner, isSignature): "TAGS" is none.
		{"TrailingKeywordNoSigner", "TAb\" TAGS"},
		// A trailing signer is as long as a signer on a line of its own
		// (trailingSigner, isSignature): "Aa" is neither.
		{"ShortSigner", "1)Aa"},
		// A signer may follow the '¶' cleanText drops (signerLine).
		{"SignerAfterPilcrow", "\u00b6AA"},
		// A portion mark ends a word before a trailing signer
		// (trailingSigner), as the writer's "(C) AAA" does.
		{"SignerAfterMark", "UBJECT (C)AAA"},
		// A field's keyword and mark are no sentence a signer ends
		// (trailingSigner): "SUBJECT: (C) Aaa" is a subject.
		{"SubjectNoSigner", "0000\nUBJECT (C)Aaa(C)"},
		// whatever else the field's line holds: "REF (0)AAA" is the
		// item "AAA", written "REF: (0) AAA".
		{"RefNoSigner", "REF (0)AAA"},
		// White space a dropped '¶' leaves at a paragraph's end goes
		// (cleanText).
		{"TrailingPilcrow", "000000000\n\u00b6"},
		{"Pilcrows", "\u00b6\u00b6"},
		{"SpacedPilcrows", "\u00b6 \u00b6x"},
		// as do all the '¶' that open a line, one after another.
		{"PilcrowsInside", "000\n\u00b6\u00b6"},
		// A paragraph's number may follow any '¶' and white space that
		// cleanText drops (paragraphCandidate).
		{"PilcrowsBeforeNumber", "\u00b6\u00b61)"},
		{"SpacedPilcrowBeforeNumber", "\u00b6 1)"},
		// An authority does not start with the colon the keyword ends
		// with (parseClassifiedBy).
		{"AuthorityColon", "ClAssifiedBY \n:00"},
		// An authority without reasons is written without them, within
		// what the reader reads (classifiedByText, maxAuthText).
		{"LongAuthority", "ClAssifiedBY" + strings.Repeat("0", 475)},
		// A subject does not start with the keyword's colon either
		// (setSubject).
		{"SubjectColon", "UBJECT \f:"},
		// A subject ends where it would once cleaned (endSubject): with
		// the backslash gone, "---\\-" is the rule "----", which ends a
		// subject.
		{"SubjectRuleAfterBackslash", "UBJECT ---\\-"},
		{"SubjectRuleAfterCharRef", "UBJECT A &#45;---"},
		// What a character reference gives reads back as itself
		// (mendSubject): white space is folded and trimmed, a backslash
		// goes, and references are decoded until none is left.
		{"SubjectCharRefTab", "UBJECT &#09;"},
		{"SubjectCharRefLineBreak", "UBJECT A&#10;B"},
		{"SubjectCharRefBackslash", "UBJECT A&#92;B"},
		{"SubjectCharRefTwice", "UBJECT &#38;#65;"},
		{"SubjectCharRefAfterBackslash", "UBJECT &&#92;#45;"},
		{"SubjectBreakBeforeUSDash", "UBJECT US-<br>LATIN"},
		// A subject folds by the white space inside it, not by a line
		// break after it (foldSpace).
		{"SubjectSpace", "UBJECT 0\v0"},
		{"SubjectWideSpace", "UBJECT 0\u00a00"},
		// The last item of a REF list is no signer (parseSignature).
		{"RefItemNoSigner", "REF A 000000B A"},
		// Nor is one after items that run over lines, as the writer
		// writes them (refItem): "B. 0\n00\nC. AAAA".
		{"RefItemAfterLongItem", "REF A 1B 0\n00C AAAA"},
		// Nor the end of an item's line, as on the REF field's own
		// line (parseSignature): "B. 0\" AAA" is the item "0\" AAA".
		{"RefItemTrailingSigner", "REF A 1B 0\" AAA"},
		// An authority found in a paragraph ends where a field keyword
		// inside it would end it in the preamble (findClassifiedByInText,
		// readField): "!E010:0" is "!", "E010:0" reading as E.O.
		// A bare bullet after a blank line does not go on with a REF
		// field (refBulletItem): "A)" is text, as it is after a REF
		// glued to the subject's line.
		// What follows an address's precedence is no part of the address
		// (addAddress), as splitHeader makes it the body's start where
		// the header is found by its lines: "IMMEDIATE A" is IMMEDIATE.
		// A REF list goes on over a keyword alone on its line, which is
		// a word of it (refItem): "AAB" after "REF: 0\nTAS" is no signer.
		{"RefItemAfterEmptyKeyword", "REF 0\nTAS\nAAB REF"},
		// unless the REF field holds nothing before that keyword line,
		// which ends it (refItem): "AAB" is then the signer.
		{"SignerAfterEmptyRefAndKeyword", "REF \nTAS\nAAB"},
		{"SignerAfterBareBulletRefAndKeyword", "REF C\nTAS\nAAB"},
		// but not over one whose field holds something: "TAS\nAA" are
		// tags, which end the REF list, and "AAB" is the signer.
		{"SignerAfterRefAndTags", "REF 0\nTAS\nAA\nAAB"},
		// An item's line that would open a field of its own (tags after
		// "TAS") is written on the item's first line (refText).
		// A field's last line is no table row a capitalised signer
		// would belong to (prevEndsInDigit): "0" is a line of the tags.
		{"SignerAfterFieldDigits", "TAG\v,\n0\nAab"},
		{"RefItemLineOpensField", "REF 0\nTAS\nAA\xdc"},
		{"TextAfterAddressPrecedence", "0\nTO IMMEDIATE A\nVZCZC"},
		{"BareBulletAfterRef", "00000000000\nUBJECT 0 REF 00000000000000000000000000000000000000000\n\nA)"},
		{"InlineFieldInTextAuthority", "E010\n0\nClAssifiedBY!E010:0"},
		// Nor is a line a REF item runs on to, with or without a bullet:
		// "0" and "AA", which read back as the one item "0\nAA", written
		// on two lines.
		{"RefLineNoSigner", "REF 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;AA"},
		// unless the REF field reads as nothing with it, and is skipped.
		{"SignerAfterEmptyRef", "REF A A A \nA A"},
		// A tag that reads as a keyword goes in parentheses (tagsText).
		{"KeywordTag", "000000000000000000000000000000000000000\nTABS 000000000000000000000A REF!"},
		// and no field starts inside those parentheses (inlineField).
		{"ParenthesisedKeywordTag", "000\nTAS ClAssifiedBY000"},
		// A bullet that does not read back is left out (refText).
		{"LoneBullet", "REF A B)1TATE10"},
		// References whose bullets skip letters (the items of B and C
		// were empty) are written as their lines read (refText).
		{"SkippedBullets", "REF A 1B C) D)1B)"},
		// Items that would run on into one over the lines, one too long
		// to be read, end with a semicolon (refText).
		{"RefItemsSemicolon", "REF " + strings.Repeat("0", 170) + ";" + strings.Repeat("0", 81)},
		// An item is written at no line's start where it opens a
		// paragraph (readsBack): "1)A0000".
		{"RefItemParagraphNumber", "REF [[0[[REF1)A0000"},
		// A text that opens with two line breaks, as the canonical
		// telegram of a cable with no header or class line does, has no
		// header (splitHeader): "T I A L" does not cut it, and "TO" is
		// text.
		{"NoHeaderNoClass", "/\n00T I A L"},
		{"NoHeaderNoClassKeyword", " TO"},
		// Two empty lines, the empty class line and the blank after it,
		// end a header (splitHeader): "TO" after them is text.
		{"HeaderNoClass", "VZCZC000\n TO"},
		// A received copy's lines go on after them only when a class
		// line follows (splitHeader): "/" is text.
		{"HeaderNoClassDistribution", "000000000\nVZCZC0000000000000000000000000000000000\nFM \n\n/"},
		// An indented header line is a header line (splitHeader,
		// parseHeader), as the canonical writer writes it unindented.
		{"IndentedHeaderLine", "DE #\n 000000Z AAA 000"},
		{"IndentedAddressKeyword", "TO 0\n TO 0"},
		// Any white space splits the words of a DE line (parseDE), as
		// the trimmed end of the writer's line does: "#\v" is "#".
		{"SerialSpace", "DE 0 #\v 0"},
		// An address opens with no address keyword (addAddress): the
		// writer's line for the second address of "TO TO 0" is "TO 0".
		{"AddressKeywordTwice", "TO 0\nTO TO 0"},
		// Digits that run on to a header line's end are the address's
		// MCN, as parseAddress reads them (plainAddressEnd): no body is
		// glued to "FM 0 00000".
		{"LongMCN", "0\nFM 0 00000SIPDIS"},
		// After unknown lines, the header is read by the grammar from
		// its first line that a header can start with (unknownHeader),
		// as it is once the writer has dropped them: "FM 0 0000A" ends
		// before the "A".
		{"GrammarAfterUnknownLine", "0\nFM 0 0000ASIPDIS"},
		// That first line may be indented, as any header line may be
		// (firstGrammarLine).
		{"GrammarAfterUnknownLineIndented", "0\n FM 0 0000ASIPDIS"},
		// A header line's part before the body ends at a marker it has
		// once the body is cut off it (headerMarker): "T I A L" before
		// "SIPDIS".
		{"MarkerBeforeMarker", "000000000000\nTO 00000000A00T I A LSIPDIS"},
		// A line that opens with an address keyword is an address
		// (opensAddress), as parseHeader reads it, however coded its
		// words look: "TO /" is no distribution line.
		{"AddressNotDistribution", "TO \f/\n0"},
		// A bare letter right after a bullet opens the bullet's item
		// (bareBulletContext): "D. E 0000" is "E 0000" under D.
		{"LetterAfterBullet", "00000000000000\nREF A 00000B 0000000C 000000D E 0000"},
		// A field that reads as nothing is skipped as an empty one is
		// (readFieldNew): with "TAG 0" gone, "AA" is text, not a pass
		// line.
		{"FieldReadsNothing", "AA\nTAG 0"},
		// Any white space ends a field's keyword (keywordLen): "REF" at
		// a line's end inside a subject, which the writer folds into
		// "REF 0", starts a REF field either way.
		{"KeywordBeforeLineBreak", "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\nUBJECT 0000 REF\n0"},
		// A line that opens a field is no class line (findClassLine):
		// the tag "NCLAS" on the TAGS line does not read as UNCLAS.
		{"ClassWordTag", "00000000000000\nTAS 000000000000000000NClAS"},
		// A keyword with nothing after it inside a field is a word of
		// that field (readField): a subject's "REF", followed by a mark
		// the reader takes off, stays when the writer ends the line with
		// it.
		{"KeywordEndsSubject", "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\nUBJECT 000000 REF(C)"},
		// A letter glued on after a non-ASCII rune inside a word is no
		// bullet (bullet): "A\xadA 0" is one item, not the item "A",
		// which no REF line can give back, and A. "0".
		{"RuneInsideWordNoBullet", "REF A\xadA 0"},
		// Nor is a letter glued on after initials: "A.A." is one item.
		{"InitialsNoBullet", "REF A.A."},
		// but a letter glued on after a bullet is a bullet, as it is
		// once the writer has spaced it: "A.A)" is "A. A)", with nothing
		// under either, not the item "A)", which no REF line gives back.
		{"BulletAfterBullet", "REF A.A)"},
		// Dots that end a line before a rune that says nothing end an
		// extract (truncationEnd), as they do at the line's end.
		{"TruncationBeforeRune", "REF 0..\xd2"},
		// An item that ends with such dots is ended by a semicolon
		// (refText).
		{"ItemEndsWithDots", "REF 0..A)"},
		// An E.O. line found inside another field is one line too
		// (setField): "E010:0\n0" is no E.O. the writer can give back.
		{"InlineEOOneLine", "TAS\nClAssifiedBY A1a011A\nA E010:0\n0"},
		// A field's line is no table row a capitalised last line belongs
		// to (prevEndsInDigit): the writer puts a blank line after the
		// field, and "C'Aaaaaaaa" under "TAS 0" is the signer.
		{"SignerUnderField", "TAS 0\nC'Aaaaaaaa"},
		{"SignerUnderEO", "E.O. 12958: DECL: 01/01/2010\nMurphy"},
		// A distribution line is one with any white space around it
		// (preambleLine): "\f/" is written "/", which ends the
		// addresses, and "0" after it is text either way.
		{"SpacedDistributionLine", "TO 0\n\f/\n0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			once := Format(ParseString(tt.src))
			if twice := Format(ParseString(once)); twice != once {
				t.Errorf("Format(Parse(%q)) is not a fixed point:\nonce:\n%s\ntwice:\n%s", tt.src, once, twice)
			}
		})
	}
}

// TestParseNoPanic holds inputs on which Parse panicked.
func TestParseNoPanic(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		// bodyMarker moved a marker back over U+2028 separators to the
		// start of a header line, then read the byte before it.
		"VZCZCXYZ0001\n\u2028\u2028SIPDIS \n",
	} {
		c := Parse([]byte(src))
		var buf bytes.Buffer
		if err := WriteLossless(&buf, c); err != nil || buf.String() != src {
			t.Errorf("WriteLossless(Parse(%q)) = %q, %v", src, buf.String(), err)
		}
	}
}
