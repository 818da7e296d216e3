// Package cable is the domain vocabulary of the cable system: the telegram
// model (envelope, transmission header, text), precedences, addressees, and
// the error model shared by every layer.
//
// A Cable is kept in three layers, because they come from three authors:
//
//   - the Envelope is archive metadata added by whoever published the cable
//     (WikiLeaks' five lines in the corpus layout);
//   - the Header is the ACP 127 transmission header written by the
//     communications terminal (format lines FL1–FL8);
//   - the Text is what the drafter wrote: classification line, captions,
//     E.O./DECL, TAGS, SUBJECT, REF, Classified By, paragraphs, signature.
//
// Parsed fields hold the text as written (trimmed) so that nothing is lost;
// derived, canonical values (canonical ids, parsed dates, precedence enums)
// sit beside them. The exact source bytes are kept in Source so that a cable
// can always be written back byte for byte.
//
// This package imports the standard library only.
package cable
