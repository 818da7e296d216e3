// Command cable is the diplomatic cable system: one binary with a CLI, an
// HTTP JSON API and a web UI. Run "cable help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/cable/cable/internal/metrics"
)

func main() {
	m := NewMain()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(m.exitCode(err))
}

// Main is the program: its streams, configuration and logger, so that tests
// drive the same code as the binary.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Logger         *slog.Logger
	Config         Config
	// Metrics, when cable serve has --metrics-addr, counts what the
	// server, the dispatcher and an ingest do; nil counts nothing.
	Metrics *metrics.Metrics
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
}

// command is one subcommand: its one-line summary and its runner.
type command struct {
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
}

// commands returns every subcommand by name.
func commands() map[string]command {
	cmds := map[string]command{
		"parse":   {"write each cable as one JSON object per line", runParse},
		"fmt":     {"write a cable as a canonical telegram (or --lossless, as read)", runFmt},
		"check":   {"report what a cable must not have, with file:line:column", runCheck},
		"view":    {"show a cable as a given reader may see it", runView},
		"ingest":  {"store cables from files, directories and .tar.gz archives", runIngest},
		"search":  {"search the archive as a user", runSearch},
		"export":  {"export what a reader may see: JSON Lines, CSV or .tar.gz", runExport},
		"refs":    {"show what a cable cites, what cites it, and its thread", runRefs},
		"reindex": {"rebuild (or --check) the embedded archive's search index", runReindex},
		"serve":   {"serve the HTTP JSON API and the web UI", runServe},
		"user":    {"manage users: user add|list|set|token", runUser},
		"gen":     {"write realistic synthetic cables", runGen},
		"bench":   {"measure speed: bench parse DIR | bench ingest | bench search", runBench},
		"help":    {"list the commands", runHelp},
		"audit":   {"check the tamper-evident audit log: audit verify|proof|check-proof|key|sign", runAudit},
		"backup":  {"copy a live archive, its index, audit log and keys: backup OUT", runBackup},
		"restore": {"check a backup and restore it into a new data directory", runRestore},

		"draft":     {"draft a cable: draft new|edit|show|list", runDraft},
		"clear":     {"clear a draft for your office", runClear},
		"release":   {"release a cleared draft: id, DTG, telegram, deliveries", runRelease},
		"inbox":     {"list the cables delivered to your posts and offices", runInbox},
		"ack":       {"acknowledge a delivered cable", runAck},
		"actions":   {"list action requests; --overdue, --report", runActions},
		"directory": {"show and change posts, offices and collectives", runDirectory},
		"deliver":   {"run the delivery dispatcher on the outbox", runDeliver},
		"demo":      {"play the seed's traffic end to end", runDemo},
		"site":      {"this node's site identity and the sites it trusts: site init|card|trust", runSite},
		"verify":    {"say who signed a cable and whether the signature verifies", runVerify},
	}
	maps.Copy(cmds, extraCommands())
	return cmds
}

// Run runs the subcommand that args name.
func (m *Main) Run(ctx context.Context, args []string) error {
	m.Config = DefaultConfig(m.Getenv)
	if len(args) == 0 {
		runHelp(ctx, m, nil)
		return usageError("no command given")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return runHelp(ctx, m, nil)
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		return usageError(fmt.Sprintf("unknown command %q: run \"cable help\"", args[0]))
	}
	return cmd.run(ctx, m, args[1:])
}

func runHelp(_ context.Context, m *Main, _ []string) error {
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(m.Stdout, "usage: cable COMMAND [flags] [args]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(m.Stdout, "  %-8s %s\n", n, cmds[n].summary)
	}
	return nil
}

// usageError is a mistake in how cable was called: exit status 2.
type usageError string

func (e usageError) Error() string { return string(e) }

// errHelped reports that a command printed its usage because it was
// asked to (-h, --help): exit status 0 with nothing more to say.
var errHelped = errors.New("help printed")

// flagError is the error of a command whose flags cannot be parsed: a
// usage error, or errHelped when the flags asked for help.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelped
	}
	return usageError(err.Error())
}

// errFindings reports that a command found problems it already printed:
// exit status 1 with nothing more to say.
var errFindings = errors.New("problems found")

// exitCode maps an error to the process's exit status, printing it.
func (m *Main) exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, errHelped):
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.As(err, &ue):
		fmt.Fprintln(m.Stderr, "cable:", err)
		return 2
	}
	fmt.Fprintln(m.Stderr, "cable:", err)
	return 1
}
