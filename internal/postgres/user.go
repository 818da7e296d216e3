package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/password"
)

// Users, passwords and tokens work as in sqlite/user.go, and the password
// hashes have the same format, so users can move between the stores.

// iterations returns the PBKDF2 iteration count for new password hashes.
func (db *DB) iterations() int {
	if db.PasswordIterations > 0 {
		return db.PasswordIterations
	}
	return password.DefaultIterations
}

// validateUser is access.ValidateUser (access.ValidateUserUpdate for an
// update, which keeps the name), and text PostgreSQL can store: UTF-8
// without NUL bytes, where SQLite takes any bytes.
func validateUser(u *cable.User, update bool) error {
	for _, s := range append(append([]string{u.Name, u.DisplayName, u.Clearance, u.Citizenship}, u.Posts...), u.ReadIns...) {
		if !isText(s) {
			return cable.Errorf(cable.Invalid, "user %q: %q is not UTF-8 text", u.Name, s)
		}
	}
	if update {
		return access.ValidateUserUpdate(u)
	}
	return access.ValidateUser(u)
}

// CreateUser adds a user with a password.
func (db *DB) CreateUser(ctx context.Context, u *cable.User, pw string) error {
	if err := validateUser(u, false); err != nil {
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
	if err := db.insertUser(ctx, u, hash); err != nil {
		if pe, ok := errors.AsType[*pgconn.PgError](err); ok && pe.Code == uniqueViolation {
			return cable.Errorf(cable.Conflict, "user %s already exists", u.Name)
		}
		if cable.KindOf(err) != cable.Internal {
			return err
		}
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return nil
}

// warnCaseTwins logs the users whose names differ only in case, which
// migration 0003 found and left without a name_fold: an administrator
// should tell them apart, since one may pass for the other.
func (db *DB) warnCaseTwins(ctx context.Context) {
	rows, err := db.pool.Query(ctx, `SELECT name FROM users WHERE name_fold IS NULL ORDER BY lower(name), name`)
	if err != nil {
		db.Logger.Warn("check user names", "err", err)
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		db.Logger.Warn("check user names", "err", err)
		return
	}
	if len(names) > 0 {
		db.Logger.Warn("user names differ only in case: one may pass for another; no new name may join them", "users", names)
	}
}

// insertUser checks that u's name is free and adds u, in one transaction
// that locks out other writers of users, so that no name can come between.
// The unique name_fold catches ASCII case, for names stored since migration
// 0003; the check also catches the rest of Unicode's cases
// (strings.EqualFold) and names stored before. Only names of as many
// characters can match, and users are few.
func (db *DB) insertUser(ctx context.Context, u *cable.User, hash string) error {
	return db.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT name FROM users WHERE length(name) = $1`, utf8.RuneCountInString(u.Name))
		if err != nil {
			return err
		}
		others, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, other := range others {
			if err := access.NameTaken(u.Name, other); err != nil {
				return err
			}
		}
		err = tx.QueryRow(ctx, `INSERT INTO users (name, name_fold, display_name, clearance, citizenship, posts, read_ins, roles, admin, password, created_at)
			VALUES ($1, lower($1::text COLLATE "C"), $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, u.Name, u.DisplayName, u.Clearance, u.Citizenship,
			jsonOf(u.Posts), jsonOf(u.ReadIns), jsonOf(u.Roles), u.Admin, hash, u.CreatedAt.Truncate(time.Second)).Scan(&u.ID)
		if err != nil {
			return err
		}
		return record(audit.KindUserCreate, "", u.Describe())
	})
}

// uniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const uniqueViolation = "23505"

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// userCols are the user columns scanUser reads; the JSON columns as text.
const userCols = `id, name, display_name, clearance, citizenship, posts::text, read_ins::text, roles::text, admin, created_at`

func scanUser(row interface{ Scan(...any) error }) (*cable.User, error) {
	var u cable.User
	var posts, readIns, roles string
	if err := row.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Clearance, &u.Citizenship, &posts, &readIns, &roles, &u.Admin, &u.CreatedAt); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(posts), &u.Posts)
	json.Unmarshal([]byte(readIns), &u.ReadIns)
	json.Unmarshal([]byte(roles), &u.Roles)
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// FindUsers lists users by name.
func (db *DB) FindUsers(ctx context.Context, f cable.UserFilter) ([]*cable.User, error) {
	q := `SELECT ` + userCols + ` FROM users WHERE true`
	args := pgx.NamedArgs{}
	if f.ID != nil {
		q += ` AND id = @id`
		args["id"] = *f.ID
	}
	if f.Name != nil {
		q += ` AND name = @name`
		args["name"] = *f.Name
	}
	q += ` ORDER BY name`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := db.pool.Query(ctx, q, args)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (*cable.User, error) { return scanUser(row) })
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return out, nil
}

// FindUserByName returns the user called name, or NotFound.
func (db *DB) FindUserByName(ctx context.Context, name string) (*cable.User, error) {
	if !isText(name) {
		return nil, cable.Errorf(cable.NotFound, "user %q not found", name)
	}
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
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
	if !isText(name) {
		return nil, cable.Errorf(cable.NotFound, "user %q not found", name)
	}
	var u *cable.User
	err := db.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		var err error
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE name = $1 FOR UPDATE`, name))
		if errors.Is(err, pgx.ErrNoRows) {
			return cable.Errorf(cable.NotFound, "user %s not found", name)
		}
		if err != nil {
			return err
		}
		upd.ApplyTo(u)
		if err := validateUser(u, true); err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `UPDATE users SET display_name = $1, clearance = $2, citizenship = $3, posts = $4, read_ins = $5,
			roles = $6, admin = $7, password = COALESCE(NULLIF($8, ''), password) WHERE id = $9`,
			u.DisplayName, u.Clearance, u.Citizenship, jsonOf(u.Posts), jsonOf(u.ReadIns), jsonOf(u.Roles), u.Admin, hash, u.ID); err != nil {
			return err
		}
		if err := record(audit.KindUserUpdate, "", "user="+strconv.Quote(u.Name)+" "+upd.String()); err != nil {
			return err
		}
		if !upd.EndsSessions() {
			return nil
		}
		return db.Guard.EndOtherSessions(ctx, pgTx{tx}, u.ID, u.Name, "user-update")
	})
	if err != nil {
		if cable.KindOf(err) != cable.Internal {
			return nil, err
		}
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
	err := pgx.ErrNoRows
	if isText(name) {
		err = db.pool.QueryRow(ctx, `SELECT password FROM users WHERE name = $1`, name).Scan(&stored)
	}
	if errors.Is(err, pgx.ErrNoRows) {
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
	if !isText(label) {
		return "", cable.Errorf(cable.Invalid, "token label %q is not UTF-8 text", label)
	}
	return db.Guard.IssueToken(ctx, u, label, 0)
}

// UserByToken returns the user a live API token belongs to (guard.TokenUser
// audits its first use from a new address).
func (db *DB) UserByToken(ctx context.Context, token string) (*cable.User, error) {
	if !isText(token) {
		return nil, cable.Errorf(cable.Unauthenticated, "unknown, expired or revoked token")
	}
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
