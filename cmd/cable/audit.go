package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cable/cable/internal/audit"
)

const auditUsage = `usage: cable audit COMMAND [flags]
  verify      [--data DIR | --database URL] [--key FILE | --pubkey KEY]
              recompute the log's tree, check every signed tree head, and
              name the first entry that differs (exit 1)
  proof N     print the inclusion proof of entry N in the newest signed head
  proof --from SIZE
              print the consistency proof from the log of SIZE entries
  check-proof FILE [--pubkey KEY]
              check a proof file, as an outside auditor would
  key         print the public key and its fingerprint
  sign        sign a tree head now (cable serve signs one a minute)`

// runAudit runs the audit subcommands (docs/security.md).
func runAudit(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(auditUsage)
	}
	sub := map[string]func(context.Context, *Main, []string) error{
		"verify": runAuditVerify, "proof": runAuditProof, "check-proof": runAuditCheckProof,
		"key": runAuditKey, "sign": runAuditSign,
	}[args[0]]
	if sub == nil {
		return usageError(fmt.Sprintf("audit %s: unknown command\n%s", args[0], auditUsage))
	}
	return sub(ctx, m, args[1:])
}

// auditFlags are the flags every audit subcommand but check-proof takes.
type auditFlags struct {
	data, database, key, pubkey *string
}

func newAuditFlags(name string, m *Main) (*flag.FlagSet, *auditFlags) {
	fs := flag.NewFlagSet("audit "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, auditUsage) }
	return fs, &auditFlags{
		data:     fs.String("data", m.Config.DataDir, "data `directory`"),
		database: databaseFlag(fs, m),
		key:      fs.String("key", "", "the signing key `FILE`; defaults to audit.key in the data directory"),
		pubkey:   fs.String("pubkey", "", "check with this public `KEY` (base64) alone, as an outside auditor"),
	}
}

// keyPath returns the signing key's file.
func (f *auditFlags) keyPath() string {
	if *f.key != "" {
		return *f.key
	}
	return filepath.Join(*f.data, audit.KeyFile)
}

// publicKey returns the key heads are checked with: --pubkey, else the
// signing key's public half.
func (f *auditFlags) publicKey() (ed25519.PublicKey, error) {
	if *f.pubkey != "" {
		return audit.DecodePublicKey(*f.pubkey)
	}
	k, err := f.signingKey()
	if err != nil {
		return nil, err
	}
	return k.Public().(ed25519.PublicKey), nil
}

func (f *auditFlags) signingKey() (ed25519.PrivateKey, error) {
	if err := os.MkdirAll(filepath.Dir(f.keyPath()), 0o750); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	return audit.LoadKey(f.keyPath())
}

// openLog opens the archive the flags name, as an audit log.
func (f *auditFlags) openLog(m *Main) (audit.Log, func() error, error) {
	m.Config.DataDir = *f.data
	db, err := m.openArchive(*f.database)
	if err != nil {
		return nil, nil, err
	}
	log, ok := db.(audit.Log)
	if !ok {
		db.Close()
		return nil, nil, fmt.Errorf("this archive keeps no audit log")
	}
	return log, db.Close, nil
}

func runAuditVerify(ctx context.Context, m *Main, args []string) error {
	fs, f := newAuditFlags("verify", m)
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		return usageError(auditUsage)
	}
	pub, err := f.publicKey()
	if err != nil {
		return err
	}
	log, closeLog, err := f.openLog(m)
	if err != nil {
		return err
	}
	defer closeLog()
	r, err := audit.Verify(ctx, log, pub)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, r)
	if r.Problem != nil {
		return errFindings
	}
	return nil
}

func runAuditProof(ctx context.Context, m *Main, args []string) error {
	fs, f := newAuditFlags("proof", m)
	from := fs.Int64("from", -1, "print the consistency proof from the log of `SIZE` entries")
	rest, err := parseArgs(fs, args)
	if err != nil || (len(rest) == 1) == (*from >= 0) {
		return usageError(auditUsage)
	}
	pub, err := f.publicKey()
	if err != nil {
		return err
	}
	log, closeLog, err := f.openLog(m)
	if err != nil {
		return err
	}
	defer closeLog()
	var pf *audit.ProofFile
	if *from >= 0 {
		pf, err = audit.Consistency(ctx, log, uint64(*from), pub)
	} else {
		n, perr := strconv.ParseUint(rest[0], 10, 64)
		if perr != nil {
			return usageError(fmt.Sprintf("audit proof %s: want an entry's number", rest[0]))
		}
		pf, err = audit.Inclusion(ctx, log, n, pub)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(pf)
}

func runAuditCheckProof(_ context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("audit check-proof", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, auditUsage) }
	pubkey := fs.String("pubkey", "", "the log's public `KEY` (base64), got out of band; defaults to the one in the file")
	fs.StringVar(pubkey, "key", "", "the same as --pubkey")
	rest, err := parseArgs(fs, args)
	if err != nil || len(rest) != 1 {
		return usageError(auditUsage)
	}
	b, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	var pf audit.ProofFile
	if err := json.Unmarshal(b, &pf); err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	key := *pubkey
	if key == "" {
		key = pf.PublicKey
	}
	pub, err := audit.DecodePublicKey(key)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	summary, err := pf.Check(pub)
	if err != nil {
		fmt.Fprintf(m.Stdout, "proof FAILS: %v\n", err)
		return errFindings
	}
	fmt.Fprintln(m.Stdout, "proof holds:", summary)
	if *pubkey == "" {
		fmt.Fprintf(m.Stdout, "checked with the key in the file, fingerprint %s: compare it with the one you hold\n", audit.Fingerprint(pub))
	}
	return nil
}

func runAuditKey(_ context.Context, m *Main, args []string) error {
	fs, f := newAuditFlags("key", m)
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		return usageError(auditUsage)
	}
	k, err := f.signingKey()
	if err != nil {
		return err
	}
	pub := k.Public().(ed25519.PublicKey)
	fmt.Fprintf(m.Stdout, "%s\nfingerprint %s\n", audit.EncodePublicKey(pub), audit.Fingerprint(pub))
	return nil
}

func runAuditSign(ctx context.Context, m *Main, args []string) error {
	fs, f := newAuditFlags("sign", m)
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		return usageError(auditUsage)
	}
	k, err := f.signingKey()
	if err != nil {
		return err
	}
	log, closeLog, err := f.openLog(m)
	if err != nil {
		return err
	}
	defer closeLog()
	h, signed, err := (&audit.Signer{Log: log, Key: k}).SignNow(ctx)
	if err != nil {
		return err
	}
	if !signed {
		fmt.Fprintln(m.Stdout, "the newest signed tree head already covers the whole log")
		return nil
	}
	fmt.Fprintf(m.Stdout, "signed the tree head of %d entries, root %x\n", h.Size, h.Root)
	return nil
}
