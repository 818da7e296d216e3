package sqlite

import (
	"database/sql"

	"github.com/cable/cable/internal/cable"
)

// The inbox's filters and orders (cable.InboxFilter) as SQL over Inbox's
// query: d the delivery, c its cable, seen whether the caller read it.

// awaitingSQL is the predicate "the copy awaits an acknowledgement".
const awaitingSQL = `(d.ack_required = 1 AND d.acked_at IS NULL)`

// inboxStateSQL is each state of cable.InboxStates as a predicate.
var inboxStateSQL = map[string]string{
	cable.InboxAwaiting:     awaitingSQL,
	cable.InboxUnread:       `NOT seen`,
	cable.InboxRead:         `seen AND d.acked_at IS NULL`,
	cable.InboxAcknowledged: `d.acked_at IS NOT NULL`,
}

// inboxWhere returns the conditions f's precedence, state and Settled
// add, with their arguments.
func inboxWhere(f cable.InboxFilter) (string, []any) {
	var q string
	var args []any
	if f.Settled {
		q += ` AND NOT ` + awaitingSQL
	}
	if f.Precedence != cable.PrecedenceNone {
		q += ` AND d.precedence = :prec`
		args = append(args, sql.Named("prec", int(f.Precedence)))
	}
	if c, ok := inboxStateSQL[f.State]; ok {
		q += ` AND ` + c
	}
	return q, args
}

// inboxOrder is the ORDER BY of sort: the copies awaiting an
// acknowledgement first (escalated ones first), whatever the sort.
func inboxOrder(sort string) string {
	pinned := awaitingSQL + ` DESC, d.escalated_at IS NOT NULL AND d.acked_at IS NULL DESC, `
	switch sort {
	case "precedence":
		return pinned + `d.precedence DESC, d.delivered_at DESC, d.id DESC`
	case "date":
		return pinned + `c.dtg DESC, d.delivered_at DESC, d.id DESC`
	case "state":
		return pinned + `seen, d.acked_at IS NOT NULL, d.precedence DESC, d.delivered_at DESC, d.id DESC`
	}
	return pinned + `seen, d.precedence DESC, d.delivered_at DESC, d.id DESC`
}
