package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"os"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cabletext"
)

// runParse writes one JSON object per cable (JSON Lines). A file that
// cannot be read is reported and skipped; the exit status is then 1.
func runParse(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { m.Stderr.Write([]byte("usage: cable parse FILE|DIR...\n")) }
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() == 0 {
		return usageError("parse: give at least one FILE or DIR")
	}
	files, err := inputFiles(fs.Args())
	if err != nil {
		return err
	}
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := os.ReadFile(f)
		if err != nil {
			m.Logger.Error("read cable", "file", f, "err", err)
			failed = true
			continue
		}
		if err := enc.Encode(api.FromCable(cabletext.Parse(src))); err != nil {
			return err
		}
	}
	if failed {
		return errFindings
	}
	return nil
}
