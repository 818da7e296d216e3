package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
)

// The command line's part of the account rules (docs/security.md): list
// and revoke a user's API tokens, unlock an account that failed logins
// locked, and set a user's read budget. The command line acts as the
// operator, who has the data directory; each action is audited.

const userGuardUsage = `  cable user token list NAME
  cable user token revoke NAME ID
  cable user unlock NAME
  cable user budget NAME --hour N --day N   (0: the server's default)`

// openForUser opens the archive of a user subcommand's --data and rest.
func openForUser(ctx context.Context, m *Main, name string, args []string, want int) (archiveDB, []string, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("user "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, userGuardUsage) }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	hour := fs.Int("hour", 0, "cables a `count` in a rolling hour")
	day := fs.Int("day", 0, "cables a `count` in a rolling day")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(rest) != want {
		return nil, nil, nil, usageError("usage:\n" + userGuardUsage)
	}
	m.Config.DataDir = *data
	db, err := m.openArchive("")
	if err != nil {
		return nil, nil, nil, err
	}
	rest = append(rest, strconv.Itoa(*hour), strconv.Itoa(*day))
	return db, rest, fs, nil
}

// runUserTokenList lists a user's tokens.
func runUserTokenList(ctx context.Context, m *Main, args []string) error {
	db, rest, _, err := openForUser(ctx, m, "token list", args, 1)
	if err != nil {
		return err
	}
	defer db.Close()
	ts, err := db.FindTokens(ctx, rest[0])
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLABEL\tEXPIRES\tLAST USED\tSTATE")
	for _, t := range ts {
		state := "live"
		if t.Revoked {
			state = "revoked"
		} else if !t.Expires.IsZero() && !t.Expires.After(time.Now()) {
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.Label), dateOrDash(t.Expires), dateOrDash(t.LastUsed), state)
	}
	return tw.Flush()
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// runUserTokenRevoke revokes one of a user's tokens.
func runUserTokenRevoke(ctx context.Context, m *Main, args []string) error {
	db, rest, _, err := openForUser(ctx, m, "token revoke", args, 2)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := strconv.ParseInt(rest[1], 10, 64)
	if err != nil {
		return usageError(fmt.Sprintf("user token revoke: token id %q: want a number from cable user token list", rest[1]))
	}
	if err := db.RevokeToken(ctx, rest[0], id); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "token %d of %s revoked\n", id, rest[0])
	return nil
}

// runUserUnlock clears an account's failed logins.
func runUserUnlock(ctx context.Context, m *Main, args []string) error {
	db, rest, _, err := openForUser(ctx, m, "unlock", args, 1)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.FindUserByName(ctx, rest[0]); err != nil {
		return err
	}
	if err := db.UnlockLogin(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s may log in again\n", rest[0])
	return nil
}

// runUserBudget sets a user's own read budget.
func runUserBudget(ctx context.Context, m *Main, args []string) error {
	db, rest, _, err := openForUser(ctx, m, "budget", args, 1)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.FindUserByName(ctx, rest[0]); err != nil {
		return err
	}
	hour, _ := strconv.Atoi(rest[1])
	day, _ := strconv.Atoi(rest[2])
	if err := db.SetUserBudget(ctx, rest[0], cable.ReadBudget{Hour: hour, Day: day}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "budget of %s: %d an hour, %d a day (0: the server's default)\n", rest[0], hour, day)
	return nil
}
