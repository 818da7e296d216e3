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
