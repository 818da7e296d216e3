package cable

// StoreHealth is what a store says of itself when /readyz asks: that it
// answered, whether its schema is current, and how far its search index
// is behind. A store that can tell implements
// HealthCheck(ctx) (StoreHealth, error).
type StoreHealth struct {
	// Migrations is how many schema migrations the database has applied,
	// and Known how many this binary carries: fewer applied means the
	// schema is behind the code; more means a newer binary migrated it.
	Migrations, Known int
	// IndexBehind is how many changes the search index has not applied
	// yet (0 where the index is the database itself).
	IndexBehind int
}

// TrafficCounts is what the metrics read of the traffic store at each
// scrape: counts, by precedence and site, never ids.
type TrafficCounts struct {
	// Outbox is the copies queued or being relayed.
	Outbox []QueueCount
	// AcksPending is the delivered copies that need an acknowledgement
	// and have none yet.
	AcksPending []QueueCount
	// Escalated is the unacknowledged copies escalated, by precedence,
	// site and level (1: the duty officers, 2: the post's management).
	Escalated []QueueCount
}

// QueueCount is a count of copies of one precedence at one site (and of
// one escalation level, where that applies).
type QueueCount struct {
	Precedence Precedence
	Site       string
	Level      int
	N          int
}
