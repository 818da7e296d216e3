package marking

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Caption is a State dissemination caption, a handling line of the cable
// body that decides who may see the cable at all (MARKINGS.md §5). The
// zero Caption is not a caption.
type Caption int

// The captions of 5 FAH-2 H-440.
const (
	// SIPDIS copies the cable to the SIPRNet archive: every cleared reader
	// may see it (portion rules still apply).
	SIPDIS Caption = iota + 1
	// NODIS (no distribution) limits the cable to addressees' members who
	// hold the NODIS read-in.
	NODIS
	// EXDIS (exclusive distribution) limits the cable to addressees'
	// members who hold the EXDIS read-in.
	EXDIS
	// LIMDIS (limited distribution) limits the cable to addressees'
	// members.
	LIMDIS
	// STADIS (State distribution only) keeps the cable from other agencies.
	STADIS
	// CHEROKEE is a channel caption for the most sensitive messages
	// between the Secretary and chiefs of mission.
	CHEROKEE
)

// Errors returned by [ParseCaption] and [CheckCaptions].
var (
	// ErrUnknownCaption means a word is not a caption.
	ErrUnknownCaption = errors.New("unknown caption")
	// ErrCaptionConflict means a SIPDIS cable also carries NODIS or EXDIS,
	// which State's rule forbids.
	ErrCaptionConflict = errors.New("SIPDIS may not be combined with NODIS or EXDIS")
)

// String returns the caption as written, as in "NODIS".
func (c Caption) String() string {
	switch c {
	case SIPDIS:
		return "SIPDIS"
	case NODIS:
		return "NODIS"
	case EXDIS:
		return "EXDIS"
	case LIMDIS:
		return "LIMDIS"
	case STADIS:
		return "STADIS"
	case CHEROKEE:
		return "CHEROKEE"
	}
	return fmt.Sprintf("Caption(%d)", int(c))
}

// Restrictive reports whether c narrows distribution below the addressees'
// members at large: NODIS, EXDIS, LIMDIS, STADIS and CHEROKEE are
// restrictive; SIPDIS widens distribution and is not.
func (c Caption) Restrictive() bool {
	switch c {
	case NODIS, EXDIS, LIMDIS, STADIS, CHEROKEE:
		return true
	}
	return false
}

// ParseCaption reads a caption word in any case, with surrounding space.
// Anything else gives an error wrapping [ErrUnknownCaption].
func ParseCaption(word string) (Caption, error) {
	w := strings.ToUpper(strings.TrimSpace(word))
	for c := SIPDIS; c <= CHEROKEE; c++ {
		if w == c.String() {
			return c, nil
		}
	}
	return 0, fmt.Errorf("caption %q: %w", word, ErrUnknownCaption)
}

// CheckCaptions reports, with an error wrapping [ErrCaptionConflict], a
// set of captions that combines SIPDIS with NODIS or EXDIS (MARKINGS.md
// §5). Releasing such a cable is refused. Other combinations, repeats
// (SIPDIS SIPDIS) included, are accepted: the rule does not name LIMDIS,
// STADIS or CHEROKEE (a CHEROKEE cable that also carries NODIS is caught
// through NODIS).
func CheckCaptions(caps []Caption) error {
	sipdis := false
	var bad []string
	for _, c := range caps {
		switch c {
		case SIPDIS:
			sipdis = true
		case NODIS, EXDIS:
			if s := c.String(); !slices.Contains(bad, s) {
				bad = append(bad, s)
			}
		}
	}
	if !sipdis || len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("captions SIPDIS and %s: %w", strings.Join(bad, " and "), ErrCaptionConflict)
}
