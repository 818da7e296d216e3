// Package password hashes and checks user passwords and API tokens, the
// same way for every store.
package password

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// DefaultIterations follows OWASP's 2023 advice for PBKDF2-HMAC-SHA256.
const DefaultIterations = 600_000

// Hash returns "pbkdf2-sha256$iterations$salt$hash". The iteration count
// is stored with the hash, so it can change without invalidating existing
// passwords.
func Hash(pw string, iterations int) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, pw, salt, iterations, 32)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iterations, hex.EncodeToString(salt), hex.EncodeToString(key)), nil
}

// Check reports whether pw matches the stored hash, in constant time.
func Check(stored, pw string) bool {
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

// SpendCheck costs what a Check of a DefaultIterations hash costs, so that
// a login with an unknown name takes as long as one with a wrong password.
func SpendCheck(pw string) { Check("pbkdf2-sha256$600000$00$00", pw) }

// NewToken returns a random API token and the hash to store for it.
func NewToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = "cbl_" + hex.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is the stored form of an API token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
