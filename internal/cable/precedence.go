package cable

import (
	"fmt"
	"strings"
)

// Precedence is a telegram's speed-of-service category. Higher values are
// more urgent, so precedences compare with < and max.
type Precedence int

// The precedences, in increasing urgency. NIACT IMMEDIATE travels as the
// IMMEDIATE prosign O but is a distinct, higher designation (5 FAH-2 H-420):
// it requires action at the destination whatever the hour.
const (
	PrecedenceNone Precedence = iota
	Routine
	Priority
	Immediate
	NiactImmediate
	Flash
)

// Precedences lists the real precedences, most urgent first.
var Precedences = []Precedence{Flash, NiactImmediate, Immediate, Priority, Routine}

// String returns the precedence as written in an address line.
func (p Precedence) String() string {
	switch p {
	case Routine:
		return "ROUTINE"
	case Priority:
		return "PRIORITY"
	case Immediate:
		return "IMMEDIATE"
	case NiactImmediate:
		return "NIACT IMMEDIATE"
	case Flash:
		return "FLASH"
	}
	return ""
}

// Prosign returns the ACP 127 precedence prosign letter: Z, O, P or R.
// NIACT IMMEDIATE has no prosign of its own and travels as O.
func (p Precedence) Prosign() string {
	switch p {
	case Routine:
		return "R"
	case Priority:
		return "P"
	case Immediate, NiactImmediate:
		return "O"
	case Flash:
		return "Z"
	}
	return ""
}

// ParsePrecedence reads a precedence word (FLASH, NIACT IMMEDIATE,
// IMMEDIATE, PRIORITY, ROUTINE, case-insensitive, NIACT alone accepted) or a
// prosign letter (Z, O, P, R).
func ParsePrecedence(s string) (Precedence, error) {
	switch strings.ToUpper(strings.Join(strings.Fields(s), " ")) {
	case "ROUTINE", "R":
		return Routine, nil
	case "PRIORITY", "P":
		return Priority, nil
	case "IMMEDIATE", "O":
		return Immediate, nil
	case "NIACT IMMEDIATE", "NIACT":
		return NiactImmediate, nil
	case "FLASH", "Z":
		return Flash, nil
	}
	return PrecedenceNone, fmt.Errorf("unknown precedence %q: want FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY or ROUTINE", s)
}

// MarshalText writes the precedence word; PrecedenceNone writes "".
func (p Precedence) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a precedence word; "" is PrecedenceNone.
func (p *Precedence) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = PrecedenceNone
		return nil
	}
	v, err := ParsePrecedence(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
