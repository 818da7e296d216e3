package guard

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// countQuery reads, for reader ?1 and cable ?4, what ReadCount needs and
// the raises granted and running at ?5, and the reader's own budget.
const countQuery = `SELECT
	(SELECT count(*) FROM read_counts WHERE reader = ?1 AND at > ?2),
	(SELECT count(*) FROM read_counts WHERE reader = ?1 AND at > ?3),
	coalesce((SELECT min(at) FROM read_counts WHERE reader = ?1 AND at > ?2), 0),
	coalesce((SELECT min(at) FROM read_counts WHERE reader = ?1 AND at > ?3), 0),
	coalesce((SELECT at FROM read_counts WHERE reader = ?1 AND cable = ?4), 0),
	coalesce((SELECT sum(hour) FROM raises WHERE reader = ?1 AND status = 'granted' AND expires > ?5), 0),
	coalesce((SELECT sum(day) FROM raises WHERE reader = ?1 AND status = 'granted' AND expires > ?5), 0),
	coalesce((SELECT hour FROM budgets WHERE reader = ?1), 0),
	coalesce((SELECT day FROM budgets WHERE reader = ?1), 0)`

// count reads a reader's counts at now for cable id ("" for none), and
// their limit: base, or their own budget, raised by what was granted.
func count(ctx context.Context, tx Tx, reader, id string, base cable.ReadBudget, now time.Time) (cable.ReadCount, cable.ReadBudget, error) {
	var c cable.ReadCount
	var hourOld, dayOld, last int64
	var raise, own cable.ReadBudget
	err := tx.QueryRow(ctx, countQuery, reader, micros(now.Add(-cable.BudgetHour)), micros(now.Add(-cable.BudgetDay)), id, micros(now)).
		Scan(&c.Hour, &c.Day, &hourOld, &dayOld, &last, &raise.Hour, &raise.Day, &own.Hour, &own.Day)
	if err != nil {
		return c, base, fmt.Errorf("read budget of %s: %w", reader, err)
	}
	c.HourOldest, c.DayOldest = timeOf(hourOld), timeOf(dayOld)
	c.InHour = last > micros(now.Add(-cable.BudgetHour))
	c.InDay = last > micros(now.Add(-cable.BudgetDay))
	if own.Hour > 0 {
		base.Hour = own.Hour
	}
	if own.Day > 0 {
		base.Day = own.Day
	}
	return c, base.Add(raise), nil
}

// CountRead counts a full read of cable id by reader against m and
// audits it, in one transaction: a read within the budget is entry e (a
// read); one past it is refused, Exhausted, audited as read-refused, and
// alerts the security officers once a window. A read that cannot be
// counted fails.
func (g *Guard) CountRead(ctx context.Context, e audit.Entry, m *cable.ReadMeter) error {
	ctx = context.WithoutCancel(ctx) // the count must not be left half done
	now := g.Now()
	var refused *cable.BudgetUse
	var alert *cable.Alert
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		c, limit, err := count(ctx, tx, e.User, e.Cable, m.Limit, now)
		if err != nil {
			return err
		}
		use, ok := c.Decide(limit, now)
		if !ok {
			refused = &use
			e.Kind, e.Detail = audit.KindReadRefused, "read budget "+use.Header()
			if err := g.record(ctx, tx, e); err != nil {
				return err
			}
			alert, err = g.alertOnce(ctx, tx, e.User, "read-budget", refusedDetail(use), cable.BudgetHour)
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO read_counts (reader, cable, at) VALUES (?1, ?2, ?3)
			ON CONFLICT (reader, cable) DO UPDATE SET at = excluded.at`, e.User, e.Cable, micros(now)); err != nil {
			return fmt.Errorf("count read of %s: %w", e.Cable, err)
		}
		if !c.InDay { // a new row: drop the reader's rows that left the day
			if _, err := tx.Exec(ctx, `DELETE FROM read_counts WHERE reader = ?1 AND at <= ?2`,
				e.User, micros(now.Add(-cable.BudgetDay))); err != nil {
				return fmt.Errorf("count read of %s: %w", e.Cable, err)
			}
		}
		m.Use = use
		return g.record(ctx, tx, e)
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused.Refused(now, alert)
	}
	return nil
}

// refusedDetail says what a refused reader spent, for the alert.
func refusedDetail(u cable.BudgetUse) string {
	return fmt.Sprintf("read budget spent: %d/%d cables this hour, %d/%d today", u.Hour, u.Limit.Hour, u.Day, u.Limit.Day)
}

// alertOnce raises an alert about user unless one of the same kind was
// raised within window; it returns the alert raised, or nil.
func (g *Guard) alertOnce(ctx context.Context, tx Tx, user, what, detail string, window time.Duration) (*cable.Alert, error) {
	now := g.Now()
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM alerts WHERE reader = ?1 AND what = ?2 AND at > ?3`,
		user, what, micros(now.Add(-window))).Scan(&n); err != nil {
		return nil, fmt.Errorf("alert %s: %w", what, err)
	}
	if n > 0 {
		return nil, nil
	}
	return g.alert(ctx, tx, user, what, detail)
}

// alert records an alert and its audit entry.
func (g *Guard) alert(ctx context.Context, tx Tx, user, what, detail string) (*cable.Alert, error) {
	a := &cable.Alert{At: g.Now().UTC().Truncate(time.Microsecond), User: user, What: what, Detail: detail}
	if err := tx.QueryRow(ctx, `INSERT INTO alerts (at, reader, what, detail) VALUES (?1, ?2, ?3, ?4) RETURNING id`,
		micros(a.At), user, what, detail).Scan(&a.ID); err != nil {
		return nil, fmt.Errorf("alert %s: %w", what, err)
	}
	e := g.entry(ctx, audit.KindAlert, "", fmt.Sprintf("user=%q what=%s %s", user, what, detail))
	return a, g.record(ctx, tx, e)
}

// ReadBudgetUse returns what the caller has spent of limit.
func (g *Guard) ReadBudgetUse(ctx context.Context, limit cable.ReadBudget) (cable.BudgetUse, error) {
	name := callerName(ctx)
	now := g.Now()
	var use cable.BudgetUse
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		c, l, err := count(ctx, tx, name, "", limit, now)
		use = cable.BudgetUse{Limit: l, Hour: c.Hour, Day: c.Day}
		if !c.HourOldest.IsZero() {
			use.HourRefill = c.HourOldest.Add(cable.BudgetHour)
		}
		if !c.DayOldest.IsZero() {
			use.DayRefill = c.DayOldest.Add(cable.BudgetDay)
		}
		return err
	})
	return use, err
}

// CountSearchHits adds n search hits shown to the caller; past limit in
// an hour it alerts, once an hour.
func (g *Guard) CountSearchHits(ctx context.Context, n, limit int) (*cable.Alert, error) {
	name := callerName(ctx)
	now := g.Now()
	var alert *cable.Alert
	err := g.B.BudgetTx(context.WithoutCancel(ctx), func(tx Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM search_hits WHERE reader = ?1 AND at <= ?2`, name, micros(now.Add(-cable.BudgetHour))); err != nil {
			return fmt.Errorf("count search hits: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO search_hits (reader, at, n) VALUES (?1, ?2, ?3)`, name, micros(now), n); err != nil {
			return fmt.Errorf("count search hits: %w", err)
		}
		var sum int
		if err := tx.QueryRow(ctx, `SELECT coalesce(sum(n), 0) FROM search_hits WHERE reader = ?1`, name).Scan(&sum); err != nil {
			return fmt.Errorf("count search hits: %w", err)
		}
		if sum <= limit {
			return nil
		}
		var err error
		alert, err = g.alertOnce(ctx, tx, name, "search-paging", fmt.Sprintf("%d search hits paged in an hour (limit %d)", sum, limit), cable.BudgetHour)
		return err
	})
	return alert, err
}

// FindAlerts lists the newest alerts.
func (g *Guard) FindAlerts(ctx context.Context, limit int) ([]cable.Alert, error) {
	if err := mustBeAdmin(ctx, "read alerts"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []cable.Alert
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, at, reader, what, detail FROM alerts ORDER BY id DESC LIMIT ?1`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a cable.Alert
			var at int64
			if err := rows.Scan(&a.ID, &at, &a.User, &a.What, &a.Detail); err != nil {
				return err
			}
			a.At = timeOf(at)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find alerts: %w", err)
	}
	return out, nil
}

// SetUserBudget sets a user's own budget (0 fields: the default);
// administrators only, and not their own.
func (g *Guard) SetUserBudget(ctx context.Context, name string, b cable.ReadBudget) error {
	if err := mustBeAdmin(ctx, "set read budgets"); err != nil {
		return err
	}
	if name == callerName(ctx) {
		return cable.Errorf(cable.Forbidden, "separation of duties: another security officer must set your budget")
	}
	if b.Hour < 0 || b.Day < 0 {
		return cable.Errorf(cable.Invalid, "budget of %s: want counts of 0 or more", name)
	}
	return g.B.BudgetTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO budgets (reader, hour, day) VALUES (?1, ?2, ?3)
			ON CONFLICT (reader) DO UPDATE SET hour = excluded.hour, day = excluded.day`, name, b.Hour, b.Day); err != nil {
			return fmt.Errorf("set budget of %s: %w", name, err)
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindBudgetSet, "", fmt.Sprintf("user=%q hour=%d day=%d", name, b.Hour, b.Day)))
	})
}
