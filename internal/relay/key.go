package relay

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// KeyFile is the file in a data directory that holds the site's identity.
// It is not the audit log's key: a site key signs telegrams, receipts and
// relay requests, nothing else.
const KeyFile = "site.key"

// Identity is a node's site: the PLAD of the post it serves and its key.
type Identity struct {
	PLAD string
	Key  ed25519.PrivateKey
}

// Public returns the identity's public key.
func (id *Identity) Public() ed25519.PublicKey { return id.Key.Public().(ed25519.PublicKey) }

// KeyID returns the identity's key id.
func (id *Identity) KeyID() string { return KeyID(id.Public()) }

// Sign signs a canonical encoding.
func (id *Identity) Sign(canon []byte) []byte { return ed25519.Sign(id.Key, canon) }

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Fingerprint is the whole SHA-256 of a public key in groups of four hex
// digits, for operators to compare by voice.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := hex.EncodeToString(func() []byte { s := sha256.Sum256(pub); return s[:] }())
	var parts []string
	for i := 0; i < len(sum); i += 4 {
		parts = append(parts, sum[i:i+4])
	}
	return strings.Join(parts, " ")
}

// NewIdentity makes a new key for plad.
func NewIdentity(plad string) (*Identity, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("site key: %w", err)
	}
	return &Identity{PLAD: plad, Key: priv}, nil
}

// keyFileHeader opens a key file.
const keyFileHeader = "CABLE SITE KEY 1"

// Save writes the identity to path, mode 0600, refusing to replace a key
// that exists: a new key is a rekey, done on purpose by removing the old.
func (id *Identity) Save(path string) error {
	text := fmt.Sprintf("%s\nplad: %s\nkey: %s\n", keyFileHeader, id.PLAD, base64.StdEncoding.EncodeToString(id.Key.Seed()))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: this node has a site identity already (remove the file to make a new key)", path)
	}
	if err != nil {
		return fmt.Errorf("save site key: %w", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("save site key %s: %w", path, err)
	}
	return f.Close()
}

// LoadIdentity reads a key file written by Save. A missing file is
// fs.ErrNotExist, wrapped: the node has no site identity and serves alone.
func LoadIdentity(path string) (*Identity, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("site key: %w", err)
	}
	return ParseIdentity(path, b)
}

// ParseIdentity parses a key file's text; name is for errors.
func ParseIdentity(name string, b []byte) (*Identity, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 3 || lines[0] != keyFileHeader {
		return nil, fmt.Errorf("%s: not a site key file (want %q and two lines)", name, keyFileHeader)
	}
	plad, ok1 := strings.CutPrefix(lines[1], "plad: ")
	enc, ok2 := strings.CutPrefix(lines[2], "key: ")
	if !ok1 || !ok2 || plad == "" {
		return nil, fmt.Errorf("%s: line 2 or 3: want \"plad: PLAD\" and \"key: BASE64\"", name)
	}
	seed, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s: line 3: want a base64 ed25519 seed of %d bytes", name, ed25519.SeedSize)
	}
	return &Identity{PLAD: plad, Key: ed25519.NewKeyFromSeed(seed)}, nil
}
