package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TreeHead is a signed statement that the log's first Size entries have
// the tree root Root, made at Time.
type TreeHead struct {
	Size uint64
	Root Hash
	// Time is when the head was signed, to the millisecond.
	Time time.Time
	// KeyID is the fingerprint of the key that signed it.
	KeyID string
	// Signature is ed25519's, over [TreeHead.Signed].
	Signature []byte
}

// headPrefix sets a tree head's signed bytes apart from anything else
// the key might sign.
const headPrefix = "cable audit tree head v1\n"

// Signed returns the bytes a tree head's signature covers: headPrefix,
// Size and Time in milliseconds (8 bytes big-endian each), and Root.
func (h *TreeHead) Signed() []byte {
	b := make([]byte, 0, len(headPrefix)+16+len(h.Root))
	b = append(b, headPrefix...)
	b = binary.BigEndian.AppendUint64(b, h.Size)
	b = binary.BigEndian.AppendUint64(b, uint64(h.Time.UnixMilli()))
	return append(b, h.Root[:]...)
}

// Sign returns the signed head of the tree of size leaves with root.
func Sign(key ed25519.PrivateKey, size uint64, root Hash, at time.Time) TreeHead {
	h := TreeHead{Size: size, Root: root, Time: at.UTC().Truncate(time.Millisecond)}
	pub := key.Public().(ed25519.PublicKey)
	h.KeyID = Fingerprint(pub)
	h.Signature = ed25519.Sign(key, h.Signed())
	return h
}

// ErrSignature is the error of a tree head whose signature does not verify.
var ErrSignature = errors.New("bad signature")

// Check verifies the head's signature with pub.
func (h *TreeHead) Check(pub ed25519.PublicKey) error {
	if h.KeyID != Fingerprint(pub) {
		return fmt.Errorf("tree head of size %d: signed by key %s, not %s: %w", h.Size, h.KeyID, Fingerprint(pub), ErrSignature)
	}
	if !ed25519.Verify(pub, h.Signed(), h.Signature) {
		return fmt.Errorf("tree head of size %d: %w", h.Size, ErrSignature)
	}
	return nil
}

// Fingerprint names a public key: the first 16 bytes of its SHA-256, in
// hex. An auditor compares it with one written down out of band.
func Fingerprint(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:16])
}

// EncodePublicKey returns pub in base64, as cable audit key prints it.
func EncodePublicKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// DecodePublicKey reads what EncodePublicKey wrote.
func DecodePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key: want %d bytes in base64", ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// KeyFile is the signing key's file name in a data directory.
const KeyFile = "audit.key"

// LoadKey returns the signing key in the file path, creating the file
// (readable by its owner only) with a new key when there is none. The file
// holds the key's seed in base64.
func LoadKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("audit key %s: want a %d-byte seed in base64", path, ed25519.SeedSize)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if err := createFile(path, base64.StdEncoding.EncodeToString(key.Seed())+"\n"); errors.Is(err, fs.ErrExist) {
		return LoadKey(path) // another process made it first
	} else if err != nil {
		return nil, fmt.Errorf("audit key %s: %w", path, err)
	}
	return key, nil
}

// createFile writes a new file, readable by its owner only, whole or not
// at all: a temporary file linked to path, which fails with fs.ErrExist
// when path exists, so that two processes never see half a key.
func createFile(path, body string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".audit-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Link(f.Name(), path)
}
