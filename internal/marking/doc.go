// Package marking is the vocabulary of classification markings and the
// rules that combine them, as set out in docs/MARKINGS.md: levels, portion
// marks, banners, the roll-up of portions into a banner, releasability to
// foreign countries, and State's dissemination captions. It does no I/O.
//
// # Portion marks
//
// [ParseMark] reads the mark written after a paragraph number, "1. (S/NF)",
// with or without its parentheses. Its grammar, in any letter case:
//
//	mark    = level { sep control } [ sep ]
//	level   = "U" | "C" | "S" | "TS" | "UNCLASSIFIED" | "UNCLAS"
//	        | "CONFIDENTIAL" | "SECRET" | "TOP SECRET"
//	        | "SBU" | "FOUO"                  (standing for U//SBU, U//FOUO)
//	        | "LOU" | "LIMITED OFFICIAL USE"  (State's older SBU: U//SBU)
//	sep     = a run of "/", "-" and space     (S/NF, S//NF, S-NF, C NF)
//	control = "NF" | "NOFORN" | "N"           (N as in State's SBU/N)
//	        | rel list
//	        | "SBU" | "SENSITIVE BUT UNCLASSIFIED"
//	        | "FOUO" | "FOR OFFICIAL USE ONLY"
//	        | "FGI" { code }                  (FGI, FGI DEU GBR)
//	        | "ENTIRE TEXT" | "ENTIRE PARAGRAPH"   (read and dropped)
//	rel     = "REL" | "REL TO" | "RELEASABLE" | "RELEASABLE TO"
//	list    = entry { ( "," | "AND" | "/" ) entry }
//	entry   = a trigraph, country name or collective (see [Trigraph],
//	          [Collective]): CHN, CHINA, UK, Pak, NATO, FIVE EYES
//
// A slash continues a REL TO list only when a country or collective
// follows it (S/REL TO NATO/AUS); otherwise it ends the list. USA may be
// listed or not. NOFORN with REL TO, and SBU or FOUO on a classified level,
// are refused as conflicts.
//
// # Canonical forms
//
// [Marking.Portion] writes the canonical mark, which [ParseMark] reads
// back to the same [Marking]:
//
//	(S)                           S
//	(S/NF) (S//NF) (S/NOFORN)     S//NF
//	(S/REL CHINA)                 S//REL TO USA, CHN
//	(C//REL TO USA, KEN, GBR//)   C//REL TO USA, GBR, KEN
//	(S/REL NATO)                  S//REL TO USA, NATO
//	(SBU) (SBU/NF) (U//FOUO)      U//SBU, U//SBU//NF, U//FOUO
//	(S//FGI//NF)                  S//FGI//NF
//
// REL TO lists begin with USA, then trigraphs alphabetically, then
// collectives alphabetically. [Marking.Banner] writes the same marking with
// the level and controls spelled out: SECRET//NOFORN,
// SECRET//REL TO USA, CHN, UNCLASSIFIED//SBU,
// UNCLASSIFIED//FOR OFFICIAL USE ONLY. [ParseBanner] reads banners,
// including the telegram's letter-spaced S E C R E T and UNCLAS EFTO, and
// LIMITED OFFICIAL USE, which it reads as UNCLASSIFIED//SBU.
//
// # Rules
//
// [RollUp] computes the least banner over a set of portions;
// [Marking.Dominates] says whether a banner covers a portion;
// [Marking.Releasable] says whether a marking admits nationals of a
// country; [CheckCaptions] enforces that SIPDIS is not combined with NODIS
// or EXDIS. Each documents its exact definition.
package marking
