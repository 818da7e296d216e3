package postgres

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Users, passwords and tokens work as in sqlite/user.go, and the password
// hashes have the same format, so users can move between the stores.

// pbkdf2Iterations follows OWASP's 2023 advice for PBKDF2-HMAC-SHA256.
const pbkdf2Iterations = 600_000

// hashPassword returns "pbkdf2-sha256$iterations$salt$hash". The
// iteration count is stored with the hash, so it can change without
// invalidating existing passwords.
func hashPassword(pw string, iterations int) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, pw, salt, iterations, 32)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iterations, hex.EncodeToString(salt), hex.EncodeToString(key)), nil
}

// iterations returns the PBKDF2 iteration count for new password hashes.
func (db *DB) iterations() int {
	if db.PasswordIterations > 0 {
		return db.PasswordIterations
	}
	return pbkdf2Iterations
}

// checkPassword reports whether pw matches the stored hash, in constant
// time.
func checkPassword(stored, pw string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	salt, err1 := hex.DecodeString(parts[2])
	want, err2 := hex.DecodeString(parts[3])
	if err != nil || err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, pw, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// validateUser checks a user's reader attributes, so that a typo cannot
// create a reader the access rules would misread.
func validateUser(u *cable.User) error {
	for _, s := range append(append([]string{u.Name, u.DisplayName, u.Clearance, u.Citizenship}, u.Posts...), u.ReadIns...) {
		if !isText(s) {
			return cable.Errorf(cable.Invalid, "user %q: %q is not UTF-8 text", u.Name, s)
		}
	}
	if u.Name == "" || strings.ContainsAny(u.Name, " \t\n:/") {
		return cable.Errorf(cable.Invalid, "user name %q: want a non-empty name without spaces, ':' or '/'", u.Name)
	}
	l, err := marking.ParseLevel(u.Clearance)
	if err != nil {
		return cable.Errorf(cable.Invalid, "user %s: clearance %q: want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET", u.Name, u.Clearance)
	}
	u.Clearance = l.Word()
	code, ok := marking.Trigraph(u.Citizenship)
	if !ok {
		return cable.Errorf(cable.Invalid, "user %s: citizenship %q: want an ISO 3166 country code such as USA or GBR", u.Name, u.Citizenship)
	}
	u.Citizenship = code
	for i, r := range u.ReadIns {
		c, err := marking.ParseCaption(r)
		if err != nil {
			return cable.Errorf(cable.Invalid, "user %s: read-in %q: want NODIS, EXDIS or CHEROKEE", u.Name, r)
		}
		u.ReadIns[i] = c.String()
	}
	for _, r := range u.Roles {
		switch r.Kind {
		case cable.RoleDrafter, cable.RoleClearer, cable.RoleReleaser, cable.RoleDutyOfficer:
		default:
			return cable.Errorf(cable.Invalid, "user %s: role %q: want drafter, clearer, releaser or duty-officer", u.Name, r.Kind)
		}
	}
	return nil
}

// CreateUser adds a user with a password.
func (db *DB) CreateUser(ctx context.Context, u *cable.User, password string) error {
	if err := validateUser(u); err != nil {
		return err
	}
	if len(password) < 8 {
		return cable.Errorf(cable.Invalid, "user %s: password must have at least 8 characters", u.Name)
	}
	hash, err := hashPassword(password, db.iterations())
	if err != nil {
		return err
	}
	u.CreatedAt = db.Now().UTC()
	err = db.pool.QueryRow(ctx, `INSERT INTO users (name, display_name, clearance, citizenship, posts, read_ins, roles, admin, password, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, u.Name, u.DisplayName, u.Clearance, u.Citizenship,
		jsonOf(u.Posts), jsonOf(u.ReadIns), jsonOf(u.Roles), u.Admin, hash, u.CreatedAt.Truncate(time.Second)).Scan(&u.ID)
	if err != nil {
		if pe, ok := errors.AsType[*pgconn.PgError](err); ok && pe.Code == uniqueViolation {
			return cable.Errorf(cable.Conflict, "user %s already exists", u.Name)
		}
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return nil
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

// UpdateUser changes the fields upd sets.
func (db *DB) UpdateUser(ctx context.Context, name string, upd cable.UserUpdate) (*cable.User, error) {
	u, err := db.FindUserByName(ctx, name)
	if err != nil {
		return nil, err
	}
	applyUpdate(u, upd)
	if err := validateUser(u); err != nil {
		return nil, err
	}
	_, err = db.pool.Exec(ctx, `UPDATE users SET display_name = $1, clearance = $2, citizenship = $3, posts = $4, read_ins = $5,
		roles = $6, admin = $7 WHERE id = $8`,
		u.DisplayName, u.Clearance, u.Citizenship, jsonOf(u.Posts), jsonOf(u.ReadIns), jsonOf(u.Roles), u.Admin, u.ID)
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", name, err)
	}
	if upd.Password != nil {
		if len(*upd.Password) < 8 {
			return nil, cable.Errorf(cable.Invalid, "user %s: password must have at least 8 characters", name)
		}
		hash, err := hashPassword(*upd.Password, db.iterations())
		if err != nil {
			return nil, err
		}
		if _, err := db.pool.Exec(ctx, `UPDATE users SET password = $1 WHERE id = $2`, hash, u.ID); err != nil {
			return nil, fmt.Errorf("update user %s: %w", name, err)
		}
	}
	return u, nil
}

func applyUpdate(u *cable.User, upd cable.UserUpdate) {
	if upd.DisplayName != nil {
		u.DisplayName = *upd.DisplayName
	}
	if upd.Clearance != nil {
		u.Clearance = *upd.Clearance
	}
	if upd.Citizenship != nil {
		u.Citizenship = *upd.Citizenship
	}
	if upd.Posts != nil {
		u.Posts = *upd.Posts
	}
	if upd.ReadIns != nil {
		u.ReadIns = *upd.ReadIns
	}
	if upd.Roles != nil {
		u.Roles = *upd.Roles
	}
	if upd.Admin != nil {
		u.Admin = *upd.Admin
	}
}

// errBadLogin is the one answer to a failed login: it does not say whether
// the name or the password was wrong.
var errBadLogin = cable.Errorf(cable.Unauthenticated, "wrong user name or password")

// Authenticate checks a user's password.
func (db *DB) Authenticate(ctx context.Context, name, password string) (*cable.User, error) {
	var stored string
	err := pgx.ErrNoRows
	if isText(name) {
		err = db.pool.QueryRow(ctx, `SELECT password FROM users WHERE name = $1`, name).Scan(&stored)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		checkPassword("pbkdf2-sha256$600000$00$00", password) // spend the same time
		return nil, errBadLogin
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if !checkPassword(stored, password) {
		return nil, errBadLogin
	}
	return db.FindUserByName(ctx, name)
}

// CreateToken issues a random API token for a user and stores its hash.
func (db *DB) CreateToken(ctx context.Context, name, label string) (string, error) {
	u, err := db.FindUserByName(ctx, name)
	if err != nil {
		return "", err
	}
	if !isText(label) {
		return "", cable.Errorf(cable.Invalid, "token label %q is not UTF-8 text", label)
	}
	b := make([]byte, 24)
	rand.Read(b)
	token := "cbl_" + hex.EncodeToString(b)
	sum := sha256.Sum256([]byte(token))
	if _, err := db.pool.Exec(ctx, `INSERT INTO tokens (hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)`,
		hex.EncodeToString(sum[:]), u.ID, label, db.Now().UTC()); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// UserByToken returns the user an API token belongs to.
func (db *DB) UserByToken(ctx context.Context, token string) (*cable.User, error) {
	sum := sha256.Sum256([]byte(token))
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT u.`+strings.ReplaceAll(userCols, ", ", ", u.")+`
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, hex.EncodeToString(sum[:])))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, cable.Errorf(cable.Unauthenticated, "unknown or revoked token")
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return u, nil
}
