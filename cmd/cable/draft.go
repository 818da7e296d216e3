package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const draftUsage = `usage:
  cable draft new --as USER --from OFFICE|POST --to PLAD[:PRECEDENCE]... [--info PLAD[:PRECEDENCE]]...
                  [--clear OFFICE]... [--action OWNER:YYYY-MM-DD:TEXT]... [--slug OFFICE,OFFICE] FILE
  cable draft edit --as USER ID [FILE] [--to …]... [--info …]... [--clear …]... [--action …]... [--slug …]
  cable draft show --as USER [--json] ID
  cable draft list --as USER [--pending] [--state drafting|cleared|released]
FILE holds the telegram text from the classification line on ("-" reads
standard input). PRECEDENCE is FLASH, NIACT (IMMEDIATE), IMMEDIATE, PRIORITY
or ROUTINE (the default). An office addressee (ISN) travels as its post
(SECSTATE WASHDC) and gets its own copy. --action may leave the date out
(OWNER::TEXT); --slug names the offices replies are to be slugged for. In
edit, a list flag replaces that list; any edit voids the clearances given.
Every subcommand takes --data DIR; --as defaults to $CABLE_USER.`

// runDraft creates, edits and shows drafts.
func runDraft(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(draftUsage)
	}
	sub := map[string]func(context.Context, *Main, []string) error{
		"new": runDraftNew, "edit": runDraftEdit, "show": runDraftShow, "list": runDraftList,
	}[args[0]]
	if sub == nil {
		return usageError(fmt.Sprintf("draft: unknown subcommand %q\n%s", args[0], draftUsage))
	}
	return sub(ctx, m, args[1:])
}

// trafficFlags are the flags every traffic command takes.
type trafficFlags struct {
	fs                 *flag.FlagSet
	data, as, database *string
}

func newTrafficFlags(m *Main, name, usage string) *trafficFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, usage); fs.PrintDefaults() }
	return &trafficFlags{fs: fs,
		data:     fs.String("data", m.Config.DataDir, "data `directory`"),
		as:       fs.String("as", m.Getenv("CABLE_USER"), "act as `USER`"),
		database: databaseFlag(fs, m)}
}

// open opens the traffic service on the data directory's database, or on
// the PostgreSQL database of --database, and returns ctx acting as the
// --as user. The caller closes the store.
func (f *trafficFlags) open(ctx context.Context, m *Main) (context.Context, trafficDB, error) {
	tr, err := f.openStore(m)
	if err != nil {
		return nil, nil, err
	}
	ctx, err = asUser(ctx, tr, *f.as)
	if err != nil {
		tr.Close()
		return nil, nil, err
	}
	return ctx, tr, nil
}

// openStore opens the traffic service without a user.
func (f *trafficFlags) openStore(m *Main) (trafficDB, error) {
	m.Config.DataDir = *f.data
	if *f.database != "" {
		return m.openPostgresTraffic(*f.database)
	}
	db, err := m.openDB()
	if err != nil {
		return nil, err
	}
	tr, err := siteTraffic(m, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return tr, nil
}

// draftFieldFlags are the structured fields of a draft.
type draftFieldFlags struct {
	to, info, clear, action, slug listFlag
	from                          *string
}

func (f *trafficFlags) draftFields(withFrom bool) *draftFieldFlags {
	d := &draftFieldFlags{}
	if withFrom {
		d.from = f.fs.String("from", "", "the drafting `office` or post (ISN, AMEMBASSY BEIJING)")
	}
	f.fs.Var(&d.to, "to", "an action addressee, `PLAD[:PRECEDENCE]`; repeatable")
	f.fs.Var(&d.info, "info", "an information addressee, `PLAD[:PRECEDENCE]`; repeatable")
	f.fs.Var(&d.clear, "clear", "an `office` that must clear the draft; repeatable")
	f.fs.Var(&d.action, "action", "an action request, `OWNER:YYYY-MM-DD:TEXT`; repeatable")
	f.fs.Var(&d.slug, "slug", "`offices` replies are to be slugged for, comma-separated; repeatable")
	return d
}

func (d *draftFieldFlags) addressees() ([]cable.Addressee, error) {
	var out []cable.Addressee
	for _, x := range []struct {
		role cable.AddresseeRole
		list listFlag
	}{{cable.RoleTo, d.to}, {cable.RoleInfo, d.info}} {
		for _, s := range x.list {
			a, err := parseAddressee(s, x.role)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// parseAddressee reads PLAD[:PRECEDENCE]; a PLAD never holds a colon.
func parseAddressee(s string, role cable.AddresseeRole) (cable.Addressee, error) {
	plad, prec, ok := strings.Cut(s, ":")
	a := cable.Addressee{PLAD: strings.TrimSpace(plad), Role: role, Precedence: cable.Routine}
	if ok {
		p, err := cable.ParsePrecedence(prec)
		if err != nil {
			return a, usageError(fmt.Sprintf("--%s %q: %v", role, s, err))
		}
		a.Precedence = p
	}
	if a.PLAD == "" {
		return a, usageError(fmt.Sprintf("--%s %q: want PLAD[:PRECEDENCE]", role, s))
	}
	return a, nil
}

func (d *draftFieldFlags) actions() ([]cable.ActionRequest, error) {
	var out []cable.ActionRequest
	for _, s := range d.action {
		parts := strings.SplitN(s, ":", 3)
		if len(parts) != 3 || strings.TrimSpace(parts[0]) == "" || strings.TrimSpace(parts[2]) == "" {
			return nil, usageError(fmt.Sprintf("--action %q: want OWNER:YYYY-MM-DD:TEXT (the date may be empty)", s))
		}
		a := cable.ActionRequest{Owner: parts[0], Text: parts[2]}
		if parts[1] != "" {
			due, err := time.Parse(time.DateOnly, parts[1])
			if err != nil {
				return nil, usageError(fmt.Sprintf("--action %q: date %q: want YYYY-MM-DD", s, parts[1]))
			}
			a.Due = due
		}
		out = append(out, a)
	}
	return out, nil
}

func splitOffices(list listFlag) []string {
	var out []string
	for _, s := range list {
		for _, o := range strings.Split(s, ",") {
			if o = strings.TrimSpace(o); o != "" {
				out = append(out, o)
			}
		}
	}
	return out
}

// readText reads a draft's text from a file, or standard input for "-".
func (m *Main) readText(path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(m.Stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	return string(b), err
}

func runDraftNew(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "draft new", draftUsage)
	fields := f.draftFields(true)
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || *fields.from == "" {
		return usageError(draftUsage)
	}
	d := &cable.Draft{Origin: *fields.from, Slug: splitOffices(fields.slug)}
	if d.Addressees, err = fields.addressees(); err != nil {
		return err
	}
	if d.Actions, err = fields.actions(); err != nil {
		return err
	}
	for _, o := range splitOffices(fields.clear) {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
	if d.Text, err = m.readText(rest[0]); err != nil {
		return err
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	if err := tr.CreateDraft(ctx, d); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "draft %d created in %s: %s\n", d.ID, d.Origin, draftStatus(d))
	return nil
}

// draftStatus says where a draft stands.
func draftStatus(d *cable.Draft) string {
	switch d.State {
	case cable.DraftReleased:
		return "released as " + d.CableID
	case cable.DraftCleared:
		return "cleared, ready for release"
	}
	return "awaiting clearance from " + strings.Join(traffic.MissingClearances(d), ", ")
}

func runDraftEdit(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "draft edit", draftUsage)
	fields := f.draftFields(false)
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) < 1 || len(rest) > 2 {
		return usageError(draftUsage)
	}
	id, err := draftID(rest[0])
	if err != nil {
		return err
	}
	var upd cable.DraftUpdate
	if len(rest) == 2 {
		text, err := m.readText(rest[1])
		if err != nil {
			return err
		}
		upd.Text = &text
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["to"] || set["info"] {
		as, err := fields.addressees()
		if err != nil {
			return err
		}
		upd.Addressees = &as
	}
	if set["clear"] {
		offices := splitOffices(fields.clear)
		upd.Clearances = &offices
	}
	if set["action"] {
		as, err := fields.actions()
		if err != nil {
			return err
		}
		upd.Actions = &as
	}
	if set["slug"] {
		slug := splitOffices(fields.slug)
		upd.Slug = &slug
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	d, err := tr.UpdateDraft(ctx, id, upd)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "draft %d is now version %d: %s\n", d.ID, d.Version, draftStatus(d))
	return nil
}

func draftID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError(fmt.Sprintf("draft id %q: want a number", s))
	}
	return id, nil
}

func runDraftShow(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "draft show", draftUsage)
	asJSON := f.fs.Bool("json", false, "write the draft and its history as one JSON object")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(draftUsage)
	}
	id, err := draftID(rest[0])
	if err != nil {
		return err
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	d, err := tr.FindDraftByID(ctx, id)
	if err != nil {
		return err
	}
	events, err := tr.FindEvents(ctx, id, "")
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(struct {
			*cable.Draft
			Events []*cable.Event `json:"events"`
		}{d, events})
	}
	writeDraft(m.Stdout, d, events)
	return nil
}

// writeDraft prints a draft, its text and its history.
func writeDraft(w io.Writer, d *cable.Draft, events []*cable.Event) {
	fmt.Fprintf(w, "draft %d, version %d, %s\n", d.ID, d.Version, draftStatus(d))
	fmt.Fprintf(w, "from:       %s (drafted by %s)\n", d.Origin, d.Drafter)
	for _, a := range d.Addressees {
		fmt.Fprintf(w, "%-11s %s %s\n", strings.ToUpper(string(a.Role))+":", a.PLAD, a.Precedence)
	}
	for _, c := range d.Clearances {
		state := "pending"
		if c.Cleared(d.Version) {
			state = "cleared by " + c.By + " at " + c.At.Format(timeFormat)
		}
		fmt.Fprintf(w, "clearance:  %s %s\n", c.Office, state)
	}
	for _, a := range d.Actions {
		fmt.Fprintf(w, "action:     %s due %s: %s\n", a.Owner, dashIfEmpty(dateOf(a.Due)), a.Text)
	}
	if len(d.Slug) > 0 {
		fmt.Fprintf(w, "slug:       %s\n", strings.Join(d.Slug, ", "))
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimRight(d.Text, "\n"))
	if len(events) > 0 {
		fmt.Fprintln(w, "\nhistory:")
		writeEvents(w, events)
	}
}

// timeFormat writes traffic times, which are Zulu.
const timeFormat = "2006-01-02 15:04Z"

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func writeEvents(w io.Writer, events []*cable.Event) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range events {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", e.At.Format(timeFormat), e.Kind, dashIfEmpty(e.Site), e.By, e.Detail)
	}
	tw.Flush()
}

func runDraftList(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "draft list", draftUsage)
	pending := f.fs.Bool("pending", false, "only drafts awaiting a clearance you may give")
	state := f.fs.String("state", "", "only drafts in `STATE`: drafting, cleared or released")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(draftUsage)
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	ds, err := tr.FindDrafts(ctx, cable.DraftFilter{State: cable.DraftState(*state), Pending: *pending})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DRAFT\tFROM\tDRAFTER\tUPDATED\tSTATUS")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", d.ID, d.Origin, d.Drafter, d.UpdatedAt.Format(timeFormat), draftStatus(d))
	}
	return tw.Flush()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
