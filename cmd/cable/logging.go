package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
)

// logFlagSet holds serve's logging flags until they are checked.
type logFlagSet struct {
	format, level *string
}

// logFlags defines --log-format and --log-level on fs.
func logFlags(fs *flag.FlagSet) *logFlagSet {
	return &logFlagSet{
		format: fs.String("log-format", "text", "write the log as `text` or json (one object a line, for a log collector)"),
		level:  fs.String("log-level", "info", "log at `LEVEL` and above: debug, info, warn or error"),
	}
}

// logger returns the logger the flags ask for, writing to w.
func (l *logFlagSet) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*l.level)); err != nil {
		return nil, usageError(fmt.Sprintf("serve: --log-level %q: want debug, info, warn or error", *l.level))
	}
	opts := &slog.HandlerOptions{Level: level}
	switch *l.format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError(fmt.Sprintf("serve: --log-format %q: want text or json", *l.format))
}
