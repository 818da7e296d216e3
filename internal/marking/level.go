package marking

import (
	"fmt"
	"strings"
)

// Level is a classification level. Levels are ordered: a greater Level is
// more restrictive. The zero Level is [Unclassified].
type Level int

// The classification levels, least restrictive first.
const (
	Unclassified Level = iota
	Confidential
	Secret
	TopSecret
)

// String returns the portion-mark abbreviation of l: U, C, S or TS.
func (l Level) String() string {
	switch l {
	case Unclassified:
		return "U"
	case Confidential:
		return "C"
	case Secret:
		return "S"
	case TopSecret:
		return "TS"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Word returns the banner word of l: UNCLASSIFIED, CONFIDENTIAL, SECRET or
// TOP SECRET.
func (l Level) Word() string {
	switch l {
	case Unclassified:
		return "UNCLASSIFIED"
	case Confidential:
		return "CONFIDENTIAL"
	case Secret:
		return "SECRET"
	case TopSecret:
		return "TOP SECRET"
	}
	return l.String()
}

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool { return l >= Unclassified && l <= TopSecret }

// ParseLevel reads a level written as an abbreviation (U, C, S, TS) or a
// word (UNCLASSIFIED, UNCLAS, CONFIDENTIAL, SECRET, TOP SECRET), in any case
// and with surrounding space. Anything else gives an error wrapping
// [ErrUnknownLevel].
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(strings.Join(strings.Fields(s), " ")) {
	case "U", "UNCLASSIFIED", "UNCLAS":
		return Unclassified, nil
	case "C", "CONFIDENTIAL":
		return Confidential, nil
	case "S", "SECRET":
		return Secret, nil
	case "TS", "TOP SECRET":
		return TopSecret, nil
	}
	return 0, fmt.Errorf("level %q: %w", s, ErrUnknownLevel)
}
