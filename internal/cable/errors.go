package cable

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The error kinds. A cable above the caller's clearance is NotFound, never
// Forbidden: its existence is itself classified.
const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Unauthenticated
	Forbidden
	Unavailable
	// Exhausted is a caller who spent an allowance (a read budget, login
	// attempts): HTTP 429. It is only ever said of what the caller may
	// know of.
	Exhausted
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not found"
	case Conflict:
		return "conflict"
	case Unauthenticated:
		return "unauthenticated"
	case Forbidden:
		return "forbidden"
	case Unavailable:
		return "unavailable"
	case Exhausted:
		return "exhausted"
	}
	return "internal"
}

// Error is an error with a kind and a message that is safe to show users.
// Err, when set, is the underlying cause, for logs only.
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

// Error returns the message, with the cause for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err's first *Error, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// MessageOf returns the user-safe message of err's first *Error, or
// "internal error" for foreign errors, whose text may hold anything.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
