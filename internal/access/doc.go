// Package access is the single place where the archive, search, traffic
// and web layers ask "may this reader see this?". It applies the rules of
// docs/MARKINGS.md §4–§7 to a [Reader] and a cable: which portions the
// reader may see ([CanSee]), whether the cable's distribution admits them
// at all ([Admits]), whether the cable exists for them ([Knows]), and what
// they are shown ([View], [ReleaseCopy]). It is pure policy: no I/O, no
// clock (every decision takes now), imports only the standard library,
// internal/cable and internal/marking.
//
// A cable a reader may not know of is NOT FOUND for that reader
// everywhere: in reads, searches, counts, facets, snippets and reference
// lists. Callers turn a false from [Knows] or [View] into a
// cable.NotFound error, never Forbidden.
//
// # Decisions MARKINGS.md leaves open
//
// SIPDIS and foreign readers. SIPDIS put a cable on SIPRNet, which foreign
// officials do not use. So SIPDIS admits US readers cleared CONFIDENTIAL
// or above, and no foreign reader. A foreign reader sees a cable only as a
// member of its origin, an addressee or a slugged office (a liaison
// officer posted there), or through a release copy made for their
// government ([ReleaseCopy]). Either way their view is a release copy:
// withheld paragraphs are omitted, not shown as placeholders (§6).
//
// Restrictive captions. NODIS, EXDIS and CHEROKEE admit only members of
// the distribution (origin, addressees, slugged offices) who hold that
// read-in; they bind the origin's members too. LIMDIS and STADIS admit the
// distribution's members only (we do not model agencies, so STADIS, "State
// only", is read as LIMDIS). Any restrictive caption cancels SIPDIS's
// archive-wide distribution.
//
// Unmarked text. An unmarked subject, unmarked paragraphs (paragraph 0)
// and the signature take the banner (§4). A heading cabletext attached to
// a paragraph ([cable.Paragraph.Heading]) goes with that paragraph: a
// heading introduces its paragraph, and the drafter marks the paragraph,
// not the heading. A cable with neither subject nor paragraph (a
// truncated text) has nothing to see and is not found for anyone.
//
// The banner is the roll-up of the envelope's classification and the
// classification line (with NOFORN, SENSITIVE and FOUO captions), so that
// when the two disagree the stricter wins. A cable whose banner cannot be
// read at all is treated as TOP SECRET//NOFORN: unmarked text is then
// withheld from nearly everyone, which is the safe failure.
//
// Unreadable portion marks fail closed (MARKINGS.md §2). A mark is read
// as a person would read it (marking.ReadMark: "(T/S)" and "(TSNF)" are
// TOP SECRET); a mark that cannot be read even so withholds its portion
// from every reader, declassified or not, in views (shown as
// "N. (?) [withheld: unreadable mark]", omitted from release copies), in
// search (the stores keep no text of it) and in [Knows]. It never falls
// back to the banner: a "(X//BAD)" paragraph in a SECRET cable could be
// TOP SECRET. The [Portion] records the error for the review list.
//
// Views. A view is a copy of the cable: the stored cable is never
// changed. Its classification line, header security line (ZNY SSSSS),
// NOFORN/SENSITIVE/FOUO captions and envelope classification are set to
// the view's banner, the roll-up of what it shows. Its source text and
// parse warnings are dropped, and any withheld text a damaged source left
// in its metadata (addresses, handling lines) is replaced by
// [Placeholder]. The E.O. line, TAGS, REF and Classified By are kept:
// they are handling metadata every reader who knows the cable may see.
//
// Declassification (§7). A cable is declassified when its DECL date has
// been read, is not after now, and its E.O. line names no exemption (25X1,
// 50X1-HUM, the older X1…). From then on every portion counts as (U) in
// every decision and view; distribution is unchanged. Marks stay as
// written in the view's text, as on a declassified paper copy; the view
// banner says UNCLASSIFIED.
//
// # SQL filters
//
// Stores filter inside SQL so that totals never leak. A SQL filter for a
// reader must express exactly what [Knows] does:
//
//  1. distribution: origin, an addressee or a slugged office is one of
//     the reader's posts (compare [NormalizePLAD] forms); or the cable is
//     SIPDIS, carries no restrictive caption, and the reader is a US
//     reader with [VisibleLevels] ≥ CONFIDENTIAL. With NODIS, EXDIS or
//     CHEROKEE, membership alone is not enough: the reader must hold each
//     such read-in.
//  2. and some portion (subject or paragraph, stored one row each with
//     the effective marking of [Portions]; an unreadable one with level
//     [UnreadableLevel], above every clearance) has level ≤
//     [VisibleLevels];
//     for a foreign reader that portion also is not NOFORN and either
//     carries REL TO naming one of [RelToKeys], or is plain U (no SBU,
//     FOUO, FGI or REL TO).
//  3. a declassified cable ([Declassified]: decl date ≤ now, no
//     exemption) counts every portion as plain U, except those at
//     [UnreadableLevel], which stay withheld.
package access
