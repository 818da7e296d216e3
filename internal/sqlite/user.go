package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/password"
)

// iterations returns the PBKDF2 iteration count for new password hashes.
func (db *DB) iterations() int {
	if db.PasswordIterations > 0 {
		return db.PasswordIterations
	}
	return password.DefaultIterations
}

// CreateUser adds a user with a password.
func (db *DB) CreateUser(ctx context.Context, u *cable.User, pw string) error {
	if err := access.ValidateUser(u); err != nil {
		return err
	}
	if len(pw) < 8 {
		return cable.Errorf(cable.Invalid, "user %s: password must have at least 8 characters", u.Name)
	}
	hash, err := password.Hash(pw, db.iterations())
	if err != nil {
		return err
	}
	u.CreatedAt = db.Now().UTC()
	// One transaction (immediate: it takes the write lock) checks the
	// name and adds the user, so that no other name can come between.
	tx, err := db.beginAudited(ctx)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	defer tx.Rollback()
	if err := nameFree(ctx, tx.Tx, u.Name); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, name_fold, display_name, clearance, citizenship, posts, read_ins, roles, admin, password, created_at)
		VALUES (?,lower(?),?,?,?,?,?,?,?,?,?)`, u.Name, u.Name, u.DisplayName, u.Clearance, u.Citizenship, jsonOf(u.Posts), jsonOf(u.ReadIns),
		jsonOf(u.Roles), u.Admin, hash, u.CreatedAt.Format(time.RFC3339))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return cable.Errorf(cable.Conflict, "user %s already exists", u.Name)
		}
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	u.ID, _ = res.LastInsertId()
	if err := tx.audit(audit.KindUserCreate, "", u.Describe()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return nil
}

// warnCaseTwins logs the users whose names differ only in case, which
// migration 0005 found and left without a name_fold: an administrator
// should tell them apart, since one may pass for the other.
func (db *DB) warnCaseTwins(ctx context.Context) {
	rows, err := db.write.QueryContext(ctx, `SELECT name FROM users WHERE name_fold IS NULL ORDER BY lower(name), name`)
	if err != nil {
		db.Logger.Warn("check user names", "err", err)
		return
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		db.Logger.Warn("user names differ only in case: one may pass for another; no new name may join them", "users", names)
	}
}

// nameFree returns a Conflict error if a user's name is name, or differs
// from it only in case. The unique name_fold catches ASCII case, for names
// stored since migration 0005; this also catches the rest of Unicode's
// cases (strings.EqualFold) and names stored before. Only names of as
// many characters can match, and users are few.
func nameFree(ctx context.Context, tx *sql.Tx, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM users WHERE length(name) = ?`, utf8.RuneCountInString(name))
	if err != nil {
		return fmt.Errorf("create user %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return fmt.Errorf("create user %s: %w", name, err)
		}
		if err := access.NameTaken(name, other); err != nil {
			return err
		}
	}
	return rows.Err()
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

const userCols = `id, name, display_name, clearance, citizenship, posts, read_ins, roles, admin, created_at`

func scanUser(row interface{ Scan(...any) error }) (*cable.User, error) {
	var u cable.User
	var posts, readIns, roles, created string
	if err := row.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Clearance, &u.Citizenship, &posts, &readIns, &roles, &u.Admin, &created); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(posts), &u.Posts)
	json.Unmarshal([]byte(readIns), &u.ReadIns)
	json.Unmarshal([]byte(roles), &u.Roles)
	u.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return &u, nil
}

// FindUsers lists users by name.
func (db *DB) FindUsers(ctx context.Context, f cable.UserFilter) ([]*cable.User, error) {
	q := `SELECT ` + userCols + ` FROM users WHERE 1`
	var args []any
	if f.ID != nil {
		q += ` AND id = ?`
		args = append(args, *f.ID)
	}
	if f.Name != nil {
		q += ` AND name = ?`
		args = append(args, *f.Name)
	}
	q += ` ORDER BY name`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var out []*cable.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// FindUserByName returns the user called name, or NotFound.
func (db *DB) FindUserByName(ctx context.Context, name string) (*cable.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cable.Errorf(cable.NotFound, "user %s not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("find user %s: %w", name, err)
	}
	return u, nil
}

// UpdateUser changes the fields upd sets, and records the change in the
// audit log in the same transaction.
func (db *DB) UpdateUser(ctx context.Context, name string, upd cable.UserUpdate) (*cable.User, error) {
	var hash string
	if upd.Password != nil {
		if len(*upd.Password) < 8 {
			return nil, cable.Errorf(cable.Invalid, "user %s: password must have at least 8 characters", name)
		}
		var err error
		if hash, err = password.Hash(*upd.Password, db.iterations()); err != nil {
			return nil, err
		}
	}
	tx, err := db.beginAudited(ctx)
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", name, err)
	}
	defer tx.Rollback()
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cable.Errorf(cable.NotFound, "user %s not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", name, err)
	}
	upd.ApplyTo(u)
	if err := access.ValidateUserUpdate(u); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET display_name=?, clearance=?, citizenship=?, posts=?, read_ins=?, roles=?, admin=? WHERE id=?`,
		u.DisplayName, u.Clearance, u.Citizenship, jsonOf(u.Posts), jsonOf(u.ReadIns), jsonOf(u.Roles), u.Admin, u.ID)
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", name, err)
	}
	if hash != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password = ? WHERE id = ?`, hash, u.ID); err != nil {
			return nil, fmt.Errorf("update user %s: %w", name, err)
		}
	}
	if err := tx.audit(audit.KindUserUpdate, "", "user="+strconv.Quote(u.Name)+" "+upd.String()); err != nil {
		return nil, err
	}
	if upd.EndsSessions() {
		if err := db.Guard.EndOtherSessions(ctx, sqlTx{db: db, q: tx.Tx}, u.ID, u.Name, "user-update"); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("update user %s: %w", name, err)
	}
	return u, nil
}

// errBadLogin is the one answer to a failed login: it does not say whether
// the name or the password was wrong.
var errBadLogin = cable.Errorf(cable.Unauthenticated, "wrong user name or password")

// Authenticate checks a user's password, and records the login or the
// failed login (with the name tried, never the password) in the audit
// log: a login that cannot be recorded fails.
//
// Failures are throttled per account and per address (guard.LoginAllowed):
// a login that must wait is refused, Exhausted, without a password check,
// and audited as a failed login.
func (db *DB) Authenticate(ctx context.Context, name, pw string) (*cable.User, error) {
	e := db.entryOf(ctx, audit.KindLogin, "", "")
	e.User = name
	if terr := db.Guard.LoginAllowed(ctx, name); terr != nil {
		e.Kind, e.Detail = audit.KindLoginFailed, "throttled"
		if aerr := db.appendOwn(ctx, e); aerr != nil {
			return nil, aerr
		}
		return nil, terr
	}
	u, err := db.authenticate(ctx, name, pw)
	if err != nil && !errors.Is(err, errBadLogin) {
		return nil, err
	}
	if err != nil {
		e.Kind = audit.KindLoginFailed
	}
	if aerr := db.appendOwn(ctx, e); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		a, terr := db.Guard.LoginFailed(ctx, name)
		if terr != nil {
			return nil, terr
		}
		if a != nil { // the same answer, carrying the alert for the server
			return nil, &cable.Error{Kind: cable.Unauthenticated, Message: cable.MessageOf(err), Err: &cable.AlertRaised{Alert: a}}
		}
		return nil, err
	}
	if err := db.Guard.LoginSucceeded(ctx, name); err != nil {
		return nil, err
	}
	return u, nil
}

func (db *DB) authenticate(ctx context.Context, name, pw string) (*cable.User, error) {
	var stored string
	err := db.read.QueryRowContext(ctx, `SELECT password FROM users WHERE name = ?`, name).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		password.SpendCheck(pw) // spend the same time
		return nil, errBadLogin
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if !password.Check(stored, pw) {
		return nil, errBadLogin
	}
	return db.FindUserByName(ctx, name)
}

// CreateToken issues a random API token for a user, which expires after
// cable.DefaultTokenTTL, and stores its hash, recording the issue in the
// audit log in the same transaction.
func (db *DB) CreateToken(ctx context.Context, name, label string) (string, error) {
	u, err := db.FindUserByName(ctx, name)
	if err != nil {
		return "", err
	}
	return db.Guard.IssueToken(ctx, u, label, 0)
}

// UserByToken returns the user a live API token belongs to (guard.TokenUser
// audits its first use from a new address).
func (db *DB) UserByToken(ctx context.Context, token string) (*cable.User, error) {
	id, err := db.Guard.TokenUser(ctx, token)
	if err != nil {
		return nil, err
	}
	u, err := guardBackend{db}.UserByID(ctx, id)
	if cable.KindOf(err) == cable.NotFound {
		return nil, cable.Errorf(cable.Unauthenticated, "unknown, expired or revoked token")
	}
	return u, err
}
