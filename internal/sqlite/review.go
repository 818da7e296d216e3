package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// Declassification review (cable.ReviewService, docs/archive.md). A
// decision is audited first, then stored with its effect on the columns
// the access predicates read, in one transaction; the triggers of
// migration 0010 carry the effect over to every later version of the
// cable.

// RecordReview records reviewer r's decision on a cable the caller reads
// whole (access.ReviewerReadsAll); NotFound for any other, as for one
// that does not exist. Only a reviewer may; a portion named must exist.
// The decision is on the version the reviewer was judged against: the
// write checks, in its transaction, that it is still the current one.
func (db *DB) RecordReview(ctx context.Context, r *cable.Review) error {
	s := db.scopeOf(ctx)
	if !cable.IsReviewer(s.user) {
		return cable.Errorf(cable.Forbidden, "only reviewers may decide on declassification")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	c, row, err := db.reviewable(ctx, s, r.Cable)
	if err != nil {
		return err
	}
	if err := reviewedPartExists(c, r.Part); err != nil {
		return err
	}
	r.Reviewer, r.At, r.Version = s.user.Name, db.Now().UTC(), c.VersionHash
	if err := db.audit(ctx, s, audit.KindReview, r.Cable, r.String()); err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	defer tx.Rollback()
	if err := stillCurrent(ctx, tx, r, row); err != nil {
		return err
	}
	var decl any
	if r.Action == cable.Declassify {
		decl = r.From.UTC().Format(time.DateOnly)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviews (cable_id, part, action, decl, code, reason, reviewer, at, sha256)
		VALUES (?,?,?,?,?,?,?,?,?)`, r.Cable, r.Part, string(r.Action), decl, r.Code, r.Reason, r.Reviewer, r.At.Format(time.RFC3339), r.Version)
	if err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	if err := applyReview(ctx, tx, r, row); err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	return tx.Commit()
}

// stillCurrent returns a Conflict error when the cable stored at row is
// no longer the version r was judged against: a new version came in
// meanwhile, which the reviewer has not read.
func stillCurrent(ctx context.Context, tx *sql.Tx, r *cable.Review, row int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.rowid = ? AND c.id = ? AND v.sha256 = ?`, row, r.Cable, r.Version).Scan(&n)
	if err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	if n == 0 {
		return cable.Errorf(cable.Conflict, "review of %s: a new version came in while it was reviewed: read it again", r.Cable)
	}
	return nil
}

// applyReview writes the effect of r on the stored cable at row: a
// decision on the whole cable sets its declassified date (none when
// exempt), one on a portion holds it. r is on the current version
// (stillCurrent), and the last decision.
func applyReview(ctx context.Context, tx *sql.Tx, r *cable.Review, row int64) error {
	if r.Part == "" {
		var decl any
		if r.Action == cable.Declassify {
			decl = r.From.UTC().Format(time.DateOnly)
		}
		_, err := tx.ExecContext(ctx, `UPDATE cables SET declassified = ? WHERE rowid = ?`, decl, row)
		return err
	}
	kind, number := "paragraph", 0
	if r.Part == "S" {
		kind = "subject"
	} else {
		number, _ = strconv.Atoi(r.Part) // Validate checked it
	}
	_, err := tx.ExecContext(ctx, `UPDATE portions SET held = 1 WHERE cable = ? AND kind = ? AND number = ?`, row, kind, number)
	return err
}

// reviewedPartExists returns an Invalid error when c has no part named
// part: a subject, or a paragraph of that number.
func reviewedPartExists(c *cable.Cable, part string) error {
	if part == "" {
		return nil
	}
	for _, p := range access.Portions(c) {
		if (p.Kind == access.PortionSubject && part == "S") || (p.Kind == access.PortionParagraph && strconv.Itoa(p.Number) == part) {
			return nil
		}
	}
	what := "paragraph " + part
	if part == "S" {
		what = "subject"
	}
	return cable.Errorf(cable.Invalid, "review of %s: the cable has no %s", c.ID, what)
}

// knownRaw returns cable id, parsed, with its decisions, and its row,
// when the caller of s may know of it; NotFound otherwise. The cable's
// VersionHash is its version's SHA-256.
func (db *DB) knownRaw(ctx context.Context, s *scope, id string) (*cable.Cable, int64, error) {
	var raw []byte
	var row int64
	var hash string
	err := db.read.QueryRowContext(ctx, `SELECT c.rowid, v.raw, v.sha256 FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = :id AND `+s.knows("c"), append(s.args, sql.Named("id", id))...).Scan(&row, &raw, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound(id)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("find cable %s: %w", id, err)
	}
	c := cabletext.Parse(raw)
	c.VersionHash = hash
	if c.Reviews, err = reviewsOf(ctx, db.read, id, hash); err != nil {
		return nil, 0, err
	}
	return c, row, nil
}

// reviewable returns cable id as knownRaw does when the caller of s reads
// all of it (access.ReviewerReadsAll); NotFound otherwise: a reviewer
// never decides on, nor reads the decisions on, text they may not see.
func (db *DB) reviewable(ctx context.Context, s *scope, id string) (*cable.Cable, int64, error) {
	c, row, err := db.knownRaw(ctx, s, id)
	if err != nil {
		return nil, 0, err
	}
	if !access.ReviewerReadsAll(s.reader, c, db.Now()) {
		return nil, 0, notFound(id)
	}
	return c, row, nil
}

// FindReviews lists the decisions on a cable, oldest first, to a
// reviewer who reads it whole; NotFound to anyone else: a reason may
// say what a withheld portion holds.
func (db *DB) FindReviews(ctx context.Context, id string) ([]cable.Review, error) {
	s := db.scopeOf(ctx)
	if !cable.IsReviewer(s.user) {
		return nil, notFound(id)
	}
	c, _, err := db.reviewable(ctx, s, id)
	if err != nil {
		return nil, err
	}
	return c.Reviews, nil
}

// rowsQuerier is what reviewsOf reads through: the read pool or a
// transaction.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// reviewsOf lists the decisions on cable id, oldest first, without
// asking who may know of it; those not made on the version whose hash is
// current are Stale.
func reviewsOf(ctx context.Context, q rowsQuerier, id, current string) ([]cable.Review, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, part, action, coalesce(decl, ''), code, reason, reviewer, at, sha256
		FROM reviews WHERE cable_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("find reviews of %s: %w", id, err)
	}
	defer rows.Close()
	var out []cable.Review
	for rows.Next() {
		r := cable.Review{Cable: id}
		var action, decl, at string
		if err := rows.Scan(&r.ID, &r.Part, &action, &decl, &r.Code, &r.Reason, &r.Reviewer, &at, &r.Version); err != nil {
			return nil, fmt.Errorf("find reviews of %s: %w", id, err)
		}
		r.Action = cable.ReviewAction(action)
		r.From, _ = time.Parse(time.DateOnly, decl)
		r.At, _ = time.Parse(time.RFC3339, at)
		r.Stale = r.Version != current
		out = append(out, r)
	}
	return out, rows.Err()
}

// reviewQueueChunk is how many undeclassified cables the queue reads at a
// time: it parses each to ask access.NeedsReview.
const reviewQueueChunk = 500

// ReviewQueue lists, oldest first, the cables the caller reads whole
// (access.ReviewerReadsAll) that wait for a decision (access.NeedsReview).
// Only reviewers may ask. It reads the cables with no declassification
// date and no decision on the whole of their current version, in date
// order, until it has limit of them.
func (db *DB) ReviewQueue(ctx context.Context, limit int) ([]cable.ReviewItem, error) {
	s := db.scopeOf(ctx)
	if !cable.IsReviewer(s.user) {
		return nil, cable.Errorf(cable.Forbidden, "only reviewers may read the review queue")
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []cable.ReviewItem
	for after := int64(-1 << 62); len(out) < limit; {
		rows, err := db.read.QueryContext(ctx, `SELECT c.rowid, v.raw,
			EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = c.id AND r.sha256 <> v.sha256) FROM cables c
			JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
			WHERE c.rowid > :after AND c.declassified IS NULL AND `+s.knows("c")+`
			AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = c.id AND r.part = '' AND r.sha256 = v.sha256)
			ORDER BY c.rowid LIMIT :n`, append(s.args, sql.Named("after", after), sql.Named("n", reviewQueueChunk))...)
		if err != nil {
			return nil, fmt.Errorf("review queue: %w", err)
		}
		n, err := queueItems(rows, s.reader, db.Now(), &after, &out, limit)
		if err != nil {
			return nil, fmt.Errorf("review queue: %w", err)
		}
		if n < reviewQueueChunk {
			break
		}
	}
	return out, nil
}

// queueItems reads one chunk of the queue's candidates, appending those
// that wait for review to out, and returns how many rows it read. A
// reviewer is shown only cables they read whole.
func queueItems(rows *sql.Rows, reader access.Reader, now time.Time, after *int64, out *[]cable.ReviewItem, limit int) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var raw []byte
		var changed bool
		if err := rows.Scan(after, &raw, &changed); err != nil {
			return n, err
		}
		n++
		if len(*out) >= limit {
			continue
		}
		if it, ok := access.QueueItem(reader, cabletext.Parse(raw), changed, now); ok {
			*out = append(*out, it)
		}
	}
	return n, rows.Err()
}
