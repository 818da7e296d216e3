// Package importer turns the layouts cables were published in into the
// archive layout that package cabletext reads: five envelope lines
// (reference id, title, created, classification, origin), then the
// telegram. Nothing else in the project needs to know these layouts: an
// importer's output is stored, versioned and read exactly as a corpus file
// is.
//
// The layouts are
//
//   - [CablegateCSV]: WikiLeaks' cables.csv, one row per cable and no
//     header row: sequence number, date ("12/28/1966 18:38"), reference id,
//     origin, classification, references (comma-separated ids), header,
//     body. The header and body go into the telegram, the rest into the
//     envelope.
//   - [CablegateHTML]: the per-cable pages of the Cablegate site
//     (cable/2006/01/06CAIRO123.html): a metadata table (reference id,
//     created, released, classification, origin), the header in a first
//     <pre> block and the body in a second.
//   - [NARACSV]: NARA AAD exports of Central Foreign Policy File
//     telegrams: a header row names the columns, of which Document Number,
//     Date and Text are required; From, To, Subject, TAGS and
//     Classification are used when present.
//
// Readers of the CSV layouts stream: they hold one row at a time, and
// never more than the size bound of one ([DefaultMaxRow] unless told),
// so that a 1.7 GB cables.csv is read in the memory of one cable. A row
// that cannot be read becomes a [Record] with its line and the reason,
// and the reader goes on with the next row.
package importer
