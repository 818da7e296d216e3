package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// runCheck reports every problem of each cable as file:line:column. A new
// cable (a bare telegram or a body) is checked strictly: its problems are
// errors and the exit status is 1. A legacy cable (the archive layout, or
// --legacy) gets warnings.
func runCheck(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	legacy := fs.Bool("legacy", false, "treat every cable as legacy: report warnings, not errors")
	marks := fs.Bool("marks", false, "print a data-quality summary of the markings of a corpus instead of each finding")
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() == 0 {
		return usageError("usage: cable check [--legacy] FILE... | cable check --marks DIR")
	}
	if *marks {
		return checkMarks(ctx, m, fs.Args())
	}
	files, err := inputFiles(fs.Args())
	if err != nil {
		return err
	}
	errs := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		c := cabletext.Parse(src)
		strict := !*legacy && c.Source.Layout != cable.LayoutArchive
		for _, fd := range cabletext.Check(c, strict) {
			fmt.Fprintf(m.Stdout, "%s:%s\n", f, fd)
			if fd.Severity == cabletext.Error {
				errs++
			}
		}
	}
	if errs > 0 {
		return errFindings
	}
	return nil
}
