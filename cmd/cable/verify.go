package main

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/relay"
)

const verifyUsage = `usage: cable verify --as USER [--data DIR] ID
Says who signed a cable (the node that released it, and its key) and
whether the signature verifies under the key this node trusts for that
site. Exits 1 when it does not verify.`

// runVerify checks a cable's signature.
func runVerify(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "verify", verifyUsage)
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(verifyUsage)
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	signed, ok := tr.(interface {
		CableSignature(ctx context.Context, id string) (*relay.Signature, error)
	})
	if !ok {
		return fmt.Errorf("verify: signed cables are kept in the SQLite store only for now: run it without --database")
	}
	s, err := signed.CableSignature(ctx, rest[0])
	if err != nil {
		return err
	}
	if !s.Signed {
		return fmt.Errorf("%s is not signed: %s", s.CableID, s.Reason)
	}
	fmt.Fprintf(m.Stdout, "%s version %.16s… sealed by %s, key %s, released %s\n", s.CableID, s.Version, s.Origin, s.KeyID,
		s.Released.Format(time.RFC3339))
	if !s.Verified {
		return fmt.Errorf("%s: the signature does NOT verify: %s", s.CableID, s.Reason)
	}
	fmt.Fprintln(m.Stdout, "signature verifies")
	return nil
}
