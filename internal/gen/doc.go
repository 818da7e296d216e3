// Package gen writes realistic synthetic cables for scale tests.
//
// A [Generator] turns an index i into one cable in the corpus's archive
// layout: five envelope lines (reference id, title, created date in Ruby's
// "Thu Nov 22 00:00:00 +0100 2007" form, classification, origin), then the
// ACP 127 header glued to the telegram text with no separator and no
// trailing newline, as package cabletext reads it:
//
//	08LONDON1001
//	A COLLECTIVE YAWN GREETS …
//	Tue Apr 08 00:00:00 +0200 2008
//	CONFIDENTIAL//NOFORN
//	Embassy London
//	VZCZCXRO6231
//	RR RUEHFL RUEHKW
//	DE RUEHLO #1001/01 0991205
//	…
//	RHEHNSC/NSC WASHDCC O N F I D E N T I A L SECTION 01 OF 03 LONDON 001001
//	…
//
// Every choice is drawn from summary tables of the 6,712-cable corpus,
// computed once by mktables.go and embedded as Go data (tables.go,
// vocab.go): the posts with their routing indicators and PLADs, the
// addressees, precedences, classification mix, captions, TAGS, portion
// marks by classification, paragraph counts and lengths, references, and
// the 20,000 commonest paragraph words with their counts, from which text
// is drawn word by word in proportion to corpus frequency (a Zipf law, as
// in natural text). No cable text is embedded and nothing is read at run
// time. To recompute the tables, from this directory:
//
//	go run mktables.go -corpus /work/shared/corpus
//
// Cable i is a pure function of the seed and i: cables are spread over
// time at [Generator.PerDay] a day from [Generator.Start], so that ids,
// DTGs and row order agree, and each post numbers its cables per year in
// increasing order. References point to earlier generated cables, of the
// same post, of Washington or of others, so the reference graph is
// connected and every cable reference resolves inside the generated set.
package gen
