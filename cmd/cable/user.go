package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

const userUsage = `usage:
  cable user add NAME --clearance LEVEL --citizenship CODE [--display-name S] [--post PLAD]...
                 [--read-in CAPTION]... [--role KIND:POST]... [--admin] [--password-stdin | --no-password]
  cable user list
  cable user set NAME [--display-name S] [--clearance LEVEL] [--citizenship CODE] [--post PLAD]...
                 [--read-in CAPTION]... [--role KIND:POST]... [--admin=true|false] [--password-stdin]
  cable user token NAME [--label LABEL]
  cable user token list NAME
  cable user token revoke NAME ID
  cable user unlock NAME
  cable user budget NAME --hour N --day N
Every subcommand takes --data DIR. A list flag given once or more replaces the
list (--post "" empties it). Without --password-stdin, add prompts for the
password and reads it from the next line of standard input (it is echoed).`

// runUser manages the users of the data directory's database. It works on
// the database directly: whoever may run it may read the data directory.
func runUser(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(userUsage)
	}
	sub := map[string]func(context.Context, *Main, []string) error{
		"add": runUserAdd, "list": runUserList, "set": runUserSet, "token": runUserToken,
		"unlock": runUserUnlock, "budget": runUserBudget,
	}[args[0]]
	if args[0] == "token" && len(args) > 2 && (args[1] == "list" || args[1] == "revoke") {
		sub = map[string]func(context.Context, *Main, []string) error{"list": runUserTokenList, "revoke": runUserTokenRevoke}[args[1]]
		return sub(ctx, m, args[2:])
	}
	if sub == nil {
		return usageError(fmt.Sprintf("user: unknown subcommand %q\n%s", args[0], userUsage))
	}
	return sub(ctx, m, args[1:])
}

// userFlags are the flags that describe a user, shared by add and set.
type userFlags struct {
	fs                      *flag.FlagSet
	display, clear, citizen *string
	posts, readIns, roles   listFlag
	admin, passwordStdin    *bool
	data                    *string
}

func newUserFlags(m *Main, name string) *userFlags {
	fs := flag.NewFlagSet("user "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, userUsage); fs.PrintDefaults() }
	f := &userFlags{fs: fs}
	f.data = fs.String("data", m.Config.DataDir, "data `directory`")
	f.display = fs.String("display-name", "", "the user's full `name`")
	f.clear = fs.String("clearance", "", "clearance `level`: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET")
	f.citizen = fs.String("citizenship", "", "ISO 3166 country `code`: USA, GBR…")
	fs.Var(&f.posts, "post", "a `PLAD` or office the user belongs to; repeatable")
	fs.Var(&f.readIns, "read-in", "a restrictive `caption` the user is read in for (NODIS, EXDIS, CHEROKEE); repeatable")
	fs.Var(&f.roles, "role", "a traffic role `KIND:POST` (drafter, clearer, releaser, duty-officer); repeatable")
	f.admin = fs.Bool("admin", false, "the user administers cable")
	f.passwordStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	return f
}

// set reports whether the flag called name was given.
func (f *userFlags) set(name string) bool {
	found := false
	f.fs.Visit(func(fl *flag.Flag) { found = found || fl.Name == name })
	return found
}

func runUserAdd(ctx context.Context, m *Main, args []string) error {
	f := newUserFlags(m, "add")
	noPassword := f.fs.Bool("no-password", false, "give the user a random password nobody knows: they use API tokens only")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) != 1:
		return usageError("user add: give one NAME\n" + userUsage)
	case *f.clear == "":
		return usageError("user add: --clearance is required: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET")
	case *f.citizen == "":
		return usageError("user add: --citizenship is required: an ISO 3166 country code such as USA")
	case *noPassword && *f.passwordStdin:
		return usageError("user add: --no-password and --password-stdin exclude each other")
	}
	roles, err := parseRoles(f.roles)
	if err != nil {
		return usageError("user add: " + err.Error())
	}
	u := &cable.User{
		Name: rest[0], DisplayName: *f.display, Clearance: *f.clear, Citizenship: *f.citizen,
		Posts: nonEmpty(f.posts), ReadIns: nonEmpty(f.readIns), Roles: roles, Admin: *f.admin,
	}
	// Check the attributes before asking for a password, so that a bad
	// clearance is reported before anyone types one.
	if err := access.ValidateUser(u); err != nil {
		return err
	}
	var password string
	if *noPassword {
		password = randomPassword()
	} else if password, err = readPassword(m, u.Name, !*f.passwordStdin); err != nil {
		return err
	}
	m.Config.DataDir = *f.data
	db, err := m.openArchive("") // $CABLE_DATABASE, else the data directory
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u, password); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "added user %s: %s, %s\n", u.Name, u.Clearance, u.Citizenship)
	return nil
}

func runUserSet(ctx context.Context, m *Main, args []string) error {
	f := newUserFlags(m, "set")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("user set: give one NAME\n" + userUsage)
	}
	upd, err := f.update()
	if err != nil {
		return err
	}
	if *f.passwordStdin {
		pw, err := readPassword(m, rest[0], false)
		if err != nil {
			return err
		}
		upd.Password = &pw
	}
	if upd == (cable.UserUpdate{}) {
		return usageError("user set: nothing to change\n" + userUsage)
	}
	m.Config.DataDir = *f.data
	db, err := m.openArchive("") // $CABLE_DATABASE, else the data directory
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UpdateUser(ctx, rest[0], upd)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "updated user %s: %s, %s\n", u.Name, u.Clearance, u.Citizenship)
	return nil
}

// update returns the change the flags given describe.
func (f *userFlags) update() (cable.UserUpdate, error) {
	var upd cable.UserUpdate
	if f.set("display-name") {
		upd.DisplayName = f.display
	}
	if f.set("clearance") {
		upd.Clearance = f.clear
	}
	if f.set("citizenship") {
		upd.Citizenship = f.citizen
	}
	if f.set("post") {
		posts := nonEmpty(f.posts)
		upd.Posts = &posts
	}
	if f.set("read-in") {
		readIns := nonEmpty(f.readIns)
		upd.ReadIns = &readIns
	}
	if f.set("role") {
		roles, err := parseRoles(f.roles)
		if err != nil {
			return upd, usageError("user set: " + err.Error())
		}
		upd.Roles = &roles
	}
	if f.set("admin") {
		upd.Admin = f.admin
	}
	return upd, nil
}

func runUserList(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("user list", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("usage: cable user list [--data DIR]")
	}
	m.Config.DataDir = *data
	db, err := m.openArchive("") // $CABLE_DATABASE, else the data directory
	if err != nil {
		return err
	}
	defer db.Close()
	us, err := db.FindUsers(ctx, cable.UserFilter{})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCLEARANCE\tCITIZENSHIP\tADMIN\tPOSTS\tREAD-INS\tROLES")
	for _, u := range us {
		a := api.FromUser(u)
		admin := ""
		if a.Admin {
			admin = "admin"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Name, a.Clearance, a.Citizenship, admin,
			orDash(strings.Join(a.Posts, "; ")), orDash(strings.Join(a.ReadIns, " ")), orDash(strings.Join(a.Roles, " ")))
	}
	return tw.Flush()
}

func runUserToken(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("user token", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	label := fs.String("label", "", "what the token is for, to tell tokens apart")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("usage: cable user token NAME [--label LABEL] [--data DIR]")
	}
	m.Config.DataDir = *data
	db, err := m.openArchive("") // $CABLE_DATABASE, else the data directory
	if err != nil {
		return err
	}
	defer db.Close()
	token, err := db.CreateToken(ctx, rest[0], *label)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, token)
	fmt.Fprintf(m.Stderr, "cable: the token is shown once; send it as \"Authorization: Bearer TOKEN\"; it expires in %d days\n",
		int(cable.DefaultTokenTTL/(24*time.Hour)))
	return nil
}

// readPassword reads a password from the first line of standard input,
// after a prompt on standard error when prompt is set.
func readPassword(m *Main, name string, prompt bool) (string, error) {
	if prompt {
		fmt.Fprintf(m.Stderr, "password for %s (at least 8 characters; it is echoed): ", name)
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usageError("password: none given on standard input (or use --no-password for a token-only user)")
	}
	return pw, nil
}

// randomPassword returns a password nobody knows.
func randomPassword() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func parseRoles(ss []string) ([]cable.Role, error) {
	var roles []cable.Role
	for _, s := range nonEmpty(ss) {
		r, err := api.ParseRole(s)
		if err != nil {
			return nil, fmt.Errorf("--role: %w", err)
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// nonEmpty returns ss without its empty strings, never nil.
func nonEmpty(ss []string) []string {
	out := []string{}
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listFlag is a flag that may be given more than once, each value added
// to the list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// parseArgs parses args with fs and returns the other arguments. Unlike
// fs.Parse, it takes flags after them too ("user add NAME --clearance S"),
// until "--", after which everything is an argument.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}
