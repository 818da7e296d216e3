package sqlite

// Hooks into group commit (audit_append.go) for the tests.

// HoldAuditLead makes the appender act as if a batch were being written:
// appends queue until ReleaseAuditLead.
func (db *DB) HoldAuditLead() {
	a := db.appender
	a.mu.Lock()
	defer a.mu.Unlock()
	a.leading = true
}

// QueuedAudit returns the number of entries waiting in the queue.
func (db *DB) QueuedAudit() int {
	a := db.appender
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.queue)
}

// ReleaseAuditLead writes what is queued as one batch, as a leader does,
// and passes the lead on.
func (db *DB) ReleaseAuditLead() { db.appender.writeNext() }

// CloseAppender closes the appender alone, as Close does first.
func (db *DB) CloseAppender() { db.appender.close() }

// AuditCommits returns the number of transactions committed on the audit
// database by appends and budgets.
func (db *DB) AuditCommits() int64 { return db.ckpt.commits.Load() }
