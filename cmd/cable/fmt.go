package main

import (
	"context"
	"flag"
	"os"

	"github.com/cable/cable/internal/cabletext"
)

// runFmt writes a cable as a canonical telegram, or with --lossless as it
// was read, byte for byte.
func runFmt(_ context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	lossless := fs.Bool("lossless", false, "write the cable back in its own layout, byte for byte")
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() != 1 {
		return usageError("usage: cable fmt [--lossless] FILE")
	}
	src, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	c := cabletext.Parse(src)
	if *lossless {
		return cabletext.WriteLossless(m.Stdout, c)
	}
	return cabletext.Write(m.Stdout, c)
}
