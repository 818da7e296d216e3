package postgres

import "context"

// EngineAnswered returns how many searches the process's engine answered
// (-1 without one).
func (db *DB) EngineAnswered() int64 {
	if e := db.engine.Load(); e != nil {
		return e.answered.Load()
	}
	return -1
}

// EngineBeat records the engine's horizon and prunes the change log now,
// as its follower does every half minute.
func (db *DB) EngineBeat(ctx context.Context) error {
	if e := db.engine.Load(); e != nil {
		return e.heartbeat(ctx)
	}
	return nil
}

// LogRows returns how many rows the change log holds.
func (db *DB) LogRows(ctx context.Context) (n int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT count(*) FROM index_log`).Scan(&n)
	return n, err
}

// SetEngineBatch makes builds read n cables at a time, until the test
// ends.
func SetEngineBatch(tb interface{ Cleanup(func()) }, n int) {
	old := engineBatch
	engineBatch = n
	tb.Cleanup(func() { engineBatch = old })
}
