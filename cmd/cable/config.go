package main

import (
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is cable's configuration, built from defaults, then the
// environment, then flags.
type Config struct {
	// DataDir holds the embedded database and everything cable stores.
	// Defaults to $CABLE_DATA, else ./cable-data.
	DataDir string
	// PasswordIterations is the PBKDF2 work factor of new passwords.
	// Defaults to $CABLE_PASSWORD_ITERATIONS, else the store's (600,000);
	// tests lower it.
	PasswordIterations int
	// SearchTimeout bounds one search of cable serve (flag
	// --search-timeout). Defaults to the server's (5s).
	SearchTimeout time.Duration
	// MaxMemberSize is the largest cable file or .tar.gz member an ingest
	// reads; larger ones are reported and skipped. Defaults to
	// DefaultMaxMemberSize (64 MB).
	MaxMemberSize int64
	// RelayURL is the URL a node's card gives for its relay endpoint
	// (cable serve --relay-url); empty means the address served.
	RelayURL string
	// PollInterval is how often cable serve's dispatcher looks at the
	// outbox when nothing wakes it; 0 is the dispatcher's default.
	PollInterval time.Duration
	// AuditKey is the file of the key cable serve signs the audit log's
	// tree heads with (flag --audit-key). Defaults to audit.key in the
	// data directory; servers sharing a PostgreSQL archive share it.
	AuditKey string
	// Guard is how cable serve runs the insider-threat controls (flags of
	// serve; the demo turns the two-person rule off).
	Guard guardOptions
	// Escalation is cable serve's escalation flags; nil (other commands)
	// is the default windows and no alerts.
	Escalation *escalateFlagSet
}

// DefaultDataDir is where cable keeps its data when neither --data nor
// CABLE_DATA says otherwise: beside the working directory, so that a fresh
// clone's commands find what the previous one stored.
const DefaultDataDir = "cable-data"

// DefaultConfig returns the defaults overridden by the environment.
func DefaultConfig(getenv func(string) string) Config {
	c := Config{DataDir: DefaultDataDir, MaxMemberSize: DefaultMaxMemberSize}
	if d := getenv("CABLE_DATA"); d != "" {
		c.DataDir = d
	}
	if n, err := strconv.Atoi(getenv("CABLE_PASSWORD_ITERATIONS")); err == nil && n > 0 {
		c.PasswordIterations = n
	}
	return c
}

// inputFiles expands the arguments into cable files: files as given, and
// the *.txt files of directories, recursively, in name order.
func inputFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && filepath.Ext(p) == ".txt" {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
