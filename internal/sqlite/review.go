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
// migration 0009 carry the effect over to every later version of the
// cable.

// RecordReview records reviewer r's decision on a cable the caller may
// know of. Only a reviewer may; a portion named must exist.
func (db *DB) RecordReview(ctx context.Context, r *cable.Review) error {
	s := db.scopeOf(ctx)
	if !cable.IsReviewer(s.user) {
		return cable.Errorf(cable.Forbidden, "only reviewers may decide on declassification")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	c, row, err := db.knownRaw(ctx, s, r.Cable)
	if err != nil {
		return err
	}
	if err := reviewedPartExists(c, r.Part); err != nil {
		return err
	}
	r.Reviewer, r.At = s.user.Name, db.Now().UTC()
	if err := db.audit(ctx, s, audit.KindReview, r.Cable, r.String()); err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("review %s: %w", r.Cable, err)
	}
	defer tx.Rollback()
	var decl any
	if r.Action == cable.Declassify {
		decl = r.From.UTC().Format(time.DateOnly)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviews (cable_id, part, action, decl, code, reason, reviewer, at)
		VALUES (?,?,?,?,?,?,?,?)`, r.Cable, r.Part, string(r.Action), decl, r.Code, r.Reason, r.Reviewer, r.At.Format(time.RFC3339))
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

// applyReview writes the effect of r on the stored cable at row: a
// decision on the whole cable sets its declassified date (none when
// exempt), one on a portion holds it.
func applyReview(ctx context.Context, tx *sql.Tx, r *cable.Review, row int64) error {
	if r.Part == "" {
		_, err := tx.ExecContext(ctx, `UPDATE cables SET declassified = (SELECT CASE WHEN action = 'declassify' THEN decl END
			FROM reviews WHERE cable_id = ? AND part = '' ORDER BY id DESC LIMIT 1) WHERE rowid = ?`, r.Cable, row)
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

// knownRaw returns cable id, parsed, and its row, when the caller of s may
// know of it; NotFound otherwise.
func (db *DB) knownRaw(ctx context.Context, s *scope, id string) (*cable.Cable, int64, error) {
	var raw []byte
	var row int64
	err := db.read.QueryRowContext(ctx, `SELECT c.rowid, v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = :id AND `+s.knows("c"), append(s.args, sql.Named("id", id))...).Scan(&row, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound(id)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("find cable %s: %w", id, err)
	}
	return cabletext.Parse(raw), row, nil
}

// FindReviews lists the decisions on a cable the caller may know of,
// oldest first.
func (db *DB) FindReviews(ctx context.Context, id string) ([]cable.Review, error) {
	s := db.scopeOf(ctx)
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables c WHERE c.id = :id AND `+s.knows("c"),
		append(s.args, sql.Named("id", id))...).Scan(&n); err != nil {
		return nil, fmt.Errorf("find reviews of %s: %w", id, err)
	}
	if n == 0 {
		return nil, notFound(id)
	}
	return reviewsOf(ctx, db.read, id)
}

// reviewsOf lists the decisions on cable id, oldest first, without
// asking who may know of it.
func reviewsOf(ctx context.Context, q *sql.DB, id string) ([]cable.Review, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, part, action, coalesce(decl, ''), code, reason, reviewer, at
		FROM reviews WHERE cable_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("find reviews of %s: %w", id, err)
	}
	defer rows.Close()
	var out []cable.Review
	for rows.Next() {
		r := cable.Review{Cable: id}
		var action, decl, at string
		if err := rows.Scan(&r.ID, &r.Part, &action, &decl, &r.Code, &r.Reason, &r.Reviewer, &at); err != nil {
			return nil, fmt.Errorf("find reviews of %s: %w", id, err)
		}
		r.Action = cable.ReviewAction(action)
		r.From, _ = time.Parse(time.DateOnly, decl)
		r.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// reviewQueueChunk is how many undeclassified cables the queue reads at a
// time: it parses each to ask access.NeedsReview.
const reviewQueueChunk = 500

// ReviewQueue lists, oldest first, the cables the caller may know of
// that wait for a decision (access.NeedsReview). Only reviewers may ask.
// It reads the cables with no declassification date and no decision on
// the whole cable, in date order, until it has limit of them.
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
		rows, err := db.read.QueryContext(ctx, `SELECT c.rowid, v.raw FROM cables c
			JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
			WHERE c.rowid > :after AND c.declassified IS NULL AND `+s.knows("c")+`
			AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.cable_id = c.id AND r.part = '')
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
// that wait for review to out, and returns how many rows it read. The
// subject is the reviewer's view of it: a reviewer is a reader like any.
func queueItems(rows *sql.Rows, reader access.Reader, now time.Time, after *int64, out *[]cable.ReviewItem, limit int) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(after, &raw); err != nil {
			return n, err
		}
		n++
		c := cabletext.Parse(raw)
		why := access.NeedsReview(c)
		if why == "" || len(*out) >= limit {
			continue
		}
		it := cable.ReviewItem{ID: c.ID, Sent: c.Header.Time, Why: why}
		if v, ok := access.View(reader, c, access.DistributionOf(c), now); ok {
			it.Decl = v.Cable.Text.Decl.Raw // withheld with the unmarked text
			if v.SubjectShown {
				it.Subject = v.Cable.Text.Subject
			}
		}
		*out = append(*out, it)
	}
	return n, rows.Err()
}
