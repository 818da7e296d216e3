package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Hash is a SHA-256 digest: a leaf, a node or a root of the tree.
type Hash [sha256.Size]byte

// Entry is one record of the log.
type Entry struct {
	// Seq numbers the entries 1, 2, 3… without gaps; entry Seq is leaf
	// Seq-1 of the tree.
	Seq uint64
	// At is when the action happened, to the microsecond (PostgreSQL keeps
	// no finer time, and the encoding must survive both stores).
	At time.Time
	// User is who acted; for a failed login, the name tried.
	User string
	// Kind says what happened: one of the Kind constants, or another word
	// a later feature adds.
	Kind string
	// Cable is the cable acted on, if any.
	Cable string
	// Detail says more: the terms of a search, what a user change changed.
	Detail string
	// Client is the address the request came from, if known.
	Client string
}

// The kinds of entry cable writes.
const (
	KindRead        = "read"
	KindReadDenied  = "read-denied"
	KindReleaseCopy = "release-copy"
	KindSearch      = "search"
	KindRefs        = "refs"
	KindLogin       = "login"
	KindLoginFailed = "login-failed"
	KindLogout      = "logout"
	KindTokenIssue  = "token-issue"
	KindTokenRevoke = "token-revoke"
	KindUserCreate  = "user-create"
	KindUserUpdate  = "user-update"
	KindSiteCreate  = "site-create"
	KindSiteUpdate  = "site-update"
	KindSerialSet   = "serial-set"
	KindRelease     = "release"

	// The insider-threat controls (package guard).
	KindAlert             = "alert"               // for the security officers
	KindReadRefused       = "read-refused"        // a read past the budget
	KindBudgetRequest     = "budget-request"      // a reader asks for a raise
	KindBudgetRaise       = "budget-raise"        // a raise granted or refused
	KindBudgetSet         = "budget-set"          // a user's own budget set
	KindSessionRevoke     = "session-revoke"      // sessions ended by a change
	KindLoginLocked       = "login-locked"        // an account or address locked
	KindLoginUnlock       = "login-unlock"        // an administrator unlocked it
	KindTokenNewAddress   = "token-new-address"   // a token used from a new address
	KindUserChangeRequest = "user-change-request" // awaiting a second administrator
	KindUserChangeDecide  = "user-change-decide"  // approved or refused
)

// encodingVersion is the first byte of an entry's encoding; a change of
// encoding must change it, and keep decoding the old one.
const encodingVersion = 1

// Normalize returns e as a store keeps it: its time in UTC to the
// microsecond, and its texts valid UTF-8 without NUL (PostgreSQL's text
// refuses both), so that the entry read back encodes as it was hashed.
func Normalize(e Entry) Entry {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	for _, s := range []*string{&e.User, &e.Kind, &e.Cable, &e.Detail, &e.Client} {
		*s = strings.ReplaceAll(strings.ToValidUTF8(*s, "\uFFFD"), "\x00", "\uFFFD")
	}
	return e
}

// Encode returns the canonical encoding of e, version 1: the byte 0x01,
// Seq (8 bytes big-endian), At in microseconds since 1970 UTC (8 bytes
// big-endian), then User, Kind, Cable, Detail and Client, each as its
// length (unsigned varint) and its bytes. Call it on a normalized entry.
func Encode(e Entry) []byte {
	n := 1 + 16 + len(e.User) + len(e.Kind) + len(e.Cable) + len(e.Detail) + len(e.Client) + 5*binary.MaxVarintLen64
	b := make([]byte, 0, n)
	b = append(b, encodingVersion)
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(e.At.UnixMicro()))
	for _, s := range []string{e.User, e.Kind, e.Cable, e.Detail, e.Client} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// LeafHash returns the tree's hash of an encoded entry: SHA-256(0x00 || b).
func LeafHash(b []byte) Hash {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(b)
	var out Hash
	h.Sum(out[:0])
	return out
}

// Leaf returns the leaf hash of e.
func (e Entry) Leaf() Hash { return LeafHash(Encode(e)) }

// NodeHash returns the hash of an inner node: SHA-256(0x01 || l || r).
func NodeHash(l, r Hash) Hash {
	var b [1 + 2*sha256.Size]byte
	b[0] = 1
	copy(b[1:], l[:])
	copy(b[1+sha256.Size:], r[:])
	return sha256.Sum256(b[:])
}

// EmptyRoot is the root of the tree of no entries: SHA-256 of nothing.
var EmptyRoot = Hash(sha256.Sum256(nil))

// Bounds on the text of an entry's fields: what a stranger sends (a name
// tried at login, a site named in a relay request) is written to the log
// for ever, so each field keeps at most so many bytes.
const (
	maxShortField = 256  // user, cable, client
	maxDetail     = 4096 // detail
)

// Bounded returns e with each text field cut to its bound, at a character
// boundary, ending "…(N bytes)" with the length as sent, so that an
// entry cannot grow the log by what a caller chooses to send.
func (e Entry) Bounded() Entry {
	e.User, e.Cable, e.Client = bound(e.User, maxShortField), bound(e.Cable, maxShortField), bound(e.Client, maxShortField)
	e.Detail = bound(e.Detail, maxDetail)
	return e
}

func bound(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
}
