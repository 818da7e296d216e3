package marking

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by [MarkError]; test for them with [errors.Is].
var (
	// ErrUnknownLevel means the mark does not begin with a classification
	// level (U, C, S, TS, their words, or SBU/FOUO standing for U).
	ErrUnknownLevel = errors.New("unknown classification level")
	// ErrEmptyRelTo means a REL TO names no country besides USA.
	ErrEmptyRelTo = errors.New("REL TO names no country")
	// ErrUnknownCountry means a REL TO or FGI entry is neither a country
	// nor a collective.
	ErrUnknownCountry = errors.New("unknown country")
	// ErrUnknownControl means a part after the level is not a control this
	// package knows (NF, REL TO, SBU, FOUO, FGI).
	ErrUnknownControl = errors.New("unknown control")
	// ErrConflict means two parts of a mark contradict each other: NOFORN
	// with REL TO, or SBU/FOUO on classified text.
	ErrConflict = errors.New("conflicting controls")
)

// MarkError reports a portion mark or banner that cannot be read.
type MarkError struct {
	// Banner is true when the text was given to [ParseBanner], false for
	// [ParseMark].
	Banner bool
	// Input is the text as given, parentheses included if they were.
	Input string
	// Offset is the 0-based byte offset of Token within Input.
	Offset int
	// Token is the offending text as written; empty when something is
	// missing (an empty mark, a mark with no level).
	Token string
	// Hint says more about the refusal when there is more to say, as for
	// REL TO UN (an organization, not a country).
	Hint string
	// Err is one of the sentinel errors of this package.
	Err error
}

// Error returns, for example,
// `mark "S//REL TO USA, XYZ": unknown country "XYZ" at column 16`.
// The column is 1-based: Offset+1.
func (e *MarkError) Error() string {
	what := "mark"
	if e.Banner {
		what = "banner"
	}
	msg := fmt.Sprintf("%s %q: %v", what, e.Input, e.Err)
	if e.Token != "" && namesToken(e.Err) {
		msg += fmt.Sprintf(" %q", e.Token)
	}
	msg += fmt.Sprintf(" at column %d", e.Offset+1)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *MarkError) Unwrap() error { return e.Err }

// namesToken reports whether the message for err reads well followed by
// the offending token ("unknown country "XYZ"").
func namesToken(err error) bool {
	return errors.Is(err, ErrUnknownLevel) || errors.Is(err, ErrUnknownCountry) ||
		errors.Is(err, ErrUnknownControl)
}
