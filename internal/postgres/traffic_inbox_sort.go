package postgres

import (
	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
)

// The inbox's filters and orders (cable.InboxFilter) as SQL over the
// columns of Inbox's inner query: the delivery's, its cable's dtg, and
// seen, whether the caller read it.

// awaitingSQL is the predicate "the copy awaits an acknowledgement".
const awaitingSQL = `(ack_required AND acked_at IS NULL)`

// inboxStateSQL is each state of cable.InboxStates as a predicate.
var inboxStateSQL = map[string]string{
	cable.InboxAwaiting:     awaitingSQL,
	cable.InboxUnread:       `NOT seen`,
	cable.InboxRead:         `seen AND acked_at IS NULL`,
	cable.InboxAcknowledged: `acked_at IS NOT NULL`,
}

// inboxWhere returns the conditions f's precedence, state and Settled
// add, adding their arguments to args.
func inboxWhere(f cable.InboxFilter, args pgx.NamedArgs) string {
	var q string
	if f.Settled {
		q += ` AND NOT ` + awaitingSQL
	}
	if f.Precedence != cable.PrecedenceNone {
		q += ` AND precedence = @prec`
		args["prec"] = int(f.Precedence)
	}
	if c, ok := inboxStateSQL[f.State]; ok {
		q += ` AND ` + c
	}
	return q
}

// inboxOrder is the ORDER BY of sort: the copies awaiting an
// acknowledgement first (escalated ones first), whatever the sort.
func inboxOrder(sort string) string {
	pinned := awaitingSQL + ` DESC, (escalated_at IS NOT NULL AND acked_at IS NULL) DESC, `
	switch sort {
	case "precedence":
		return pinned + `precedence DESC, delivered_at DESC, id DESC`
	case "date":
		return pinned + `dtg DESC NULLS LAST, delivered_at DESC, id DESC`
	case "state":
		return pinned + `seen, acked_at IS NOT NULL, precedence DESC, delivered_at DESC, id DESC`
	}
	return pinned + `seen, precedence DESC, delivered_at DESC, id DESC`
}
