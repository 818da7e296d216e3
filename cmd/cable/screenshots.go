//go:build screenshots

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

const screenshotsUsage = `usage: cable screenshots [--out DIR] [--chromium PATH]
Serves the demo (the seed's traffic, as cable demo plays it, with a few
hundred generated cables, a draft awaiting clearance and a NIACT awaiting
acknowledgement) from a temporary directory, logs in as its users in a
headless Chromium and saves a PNG of every page at desktop (1280x800) and
phone (390x844) widths into DIR, ./screenshots by default.`

// shotWidths are the viewports the pages are shot at.
var shotWidths = []struct {
	name          string
	width, height int64
	mobile        bool
}{{"desktop", 1280, 800, false}, {"phone", 390, 844, true}}

// shot is one page to photograph: as whom, where, and what to do first.
type shot struct {
	name, user, path string
	prepare          []chromedp.Action[chromedp.Void]
}

// screenshotPlan is every page of the web UI, each as a user who sees
// something on it.
func screenshotPlan(pendingDraft int64) []shot {
	seed := "/cables/07STATE159388"
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.ID("f-import"), scenario.DemarcheText()),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("import").click()`),
		chromedp.WaitVisible(chromedp.CSS(`#findings li[data-field="classification"]`)),
	}
	return []shot{
		{name: "login", path: "/login"},
		{name: "inbox", user: "beijing-duty", path: "/"},
		{name: "cable", user: "isn-drafter", path: seed},
		{name: "cable-confidential-reader", user: "conf-reader", path: seed},
		{name: "cable-chn-liaison", user: "chn-liaison", path: seed},
		{name: "release-copy-chn", user: "isn-drafter", path: seed + "/release?country=CHN"},
		{name: "telegram", user: "isn-drafter", path: seed + "/telegram"},
		{name: "versions", user: "isn-drafter", path: seed + "/versions"},
		{name: "reply-thread", user: "isn-drafter", path: "/cables/07BEIJING7214"},
		{name: "compose", user: "isn-drafter", path: "/compose", prepare: fill},
		{name: "draft-clearance", user: "eap-clearer", path: fmt.Sprintf("/drafts/%d", pendingDraft)},
		{name: "drafts", user: "isn-drafter", path: "/drafts"},
		{name: "search", user: "admin", path: "/search?q=arms+OR+iran"},
		{name: "admin", user: "admin", path: "/admin?site=BEIJING"},
		{name: "budget", user: "isn-drafter", path: "/budget"},
		{name: "compose-reply", user: "beijing-pol", path: "/compose?reply=07STATE159389"},
		{name: "saved-searches", user: "isn-drafter", path: "/searches"},
		{name: "reports", user: "admin", path: "/reports"},
	}
}

// runScreenshots photographs the web UI.
func runScreenshots(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("screenshots", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, screenshotsUsage); fs.PrintDefaults() }
	out := fs.String("out", "screenshots", "`directory` to write the PNGs to")
	chromium := fs.String("chromium", orDefault(m.Getenv("CABLE_CHROMIUM"), "/usr/bin/chromium"), "the Chromium `binary`")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(screenshotsUsage)
	}
	if _, err := os.Stat(*chromium); err != nil {
		return fmt.Errorf("chromium: %w (install it with apt-get install chromium, or give --chromium)", err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cable-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, err := openDemoSite(ctx, tmp)
	if err != nil {
		return err
	}
	defer site.close()
	fmt.Fprintf(m.Stdout, "demo served at %s\n", site.srv.URL())
	return shootAll(ctx, m, *chromium, tmp, site, *out)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// demoSite is the demo served for the screenshots.
type demoSite struct {
	srv   *server.Server
	draft int64 // the draft that awaits clearance
	close func()
}

// openDemoSite plays the demo into a database in dir and serves it.
func openDemoSite(ctx context.Context, dir string) (*demoSite, error) {
	quiet := slog.New(slog.DiscardHandler)
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	db.PasswordIterations, db.Logger = 1000, quiet // demo passwords need no work factor
	if err := db.Open(); err != nil {
		return nil, err
	}
	clock := &demoClock{t: scenario.Start}
	db.Now = clock.Now
	tr := sqlite.NewTraffic(db)
	d := &delivery.Dispatcher{Store: tr, Now: clock.Now, Logger: quiet, PollInterval: 20 * time.Millisecond}
	if err := d.Start(ctx); err != nil {
		db.Close()
		return nil, err
	}
	site := &demoSite{close: func() { d.Stop(); db.Close() }}
	fail := func(err error) (*demoSite, error) { site.close(); return nil, err }
	deliver := func(ctx context.Context, rel *cable.Release) error { return awaitDelivery(ctx, tr, rel) }
	if _, err := scenario.Play(ctx, scenario.Config{Services: tr, SetTime: clock.Set, Deliver: deliver, Password: demoPassword}); err != nil {
		return fail(fmt.Errorf("play the demo: %w", err))
	}
	if err := importGenerated(ctx, db, 400); err != nil {
		return fail(err)
	}
	var err error
	if site.draft, err = demoExtras(ctx, tr, clock); err != nil {
		return fail(err)
	}
	if err := demoAlerts(ctx, tr); err != nil {
		return fail(err)
	}
	site.srv = &server.Server{Addr: "127.0.0.1:0", DB: tr, Logger: quiet, Now: clock.Now, SessionKey: []byte(strings.Repeat("screenshots!", 3)),
		// The scenario's clock jumps hours and days between steps.
		SessionTTL: 90 * 24 * time.Hour, IdleTimeout: 90 * 24 * time.Hour}
	if err := site.srv.Open(); err != nil {
		return fail(err)
	}
	site.close = func() { site.srv.Close(); d.Stop(); db.Close() }
	return site, nil
}

// importGenerated stores n synthetic cables of the autumn of 2007, so that
// search has hits and facets to show.
func importGenerated(ctx context.Context, db *sqlite.DB, n int) error {
	g := &gen.Generator{Seed: 7, Start: time.Date(2007, 9, 1, 0, 0, 0, 0, time.UTC), PerDay: 8}
	var cs []*cable.Cable
	for i := range n {
		cs = append(cs, cabletext.Parse(g.Cable(i)))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		return fmt.Errorf("import generated cables: %w", err)
	}
	return nil
}

// followUpText is a draft ISN writes after the demarche, its banner again
// below its roll-up, so that the draft page has a finding to show.
const followUpText = `S E C R E T

SIPDIS

E.O. 12958: DECL: 12/31/2032
TAGS: PARM, PREL, CH, IR
SUBJECT: (S) FOLLOW-UP ON M/V IRAN MATIN

REF: A. STATE 159388
B. BEIJING 7214

Classified By: ISN Acting DAS Richard Stratford. Reasons: 1.4(b), 1.4(d).

1. (S//REL TO USA, CHN) Department thanks Embassy for its prompt delivery of ref A demarche and report of ref B.

2. (S//NF) We continue to track the vessel and will share what we may.

3. (U) Please report any further PRC response by November 30, 2007.

RICE
`

// niactText is a NIACT IMMEDIATE that Beijing has not acknowledged, so
// that the inbox has one at its top.
const niactText = `C O N F I D E N T I A L

SIPDIS

E.O. 12958: DECL: 11/24/2017
TAGS: PARM, PREL, CH
SUBJECT: (C) IRAN MATIN: REQUEST FOR IMMEDIATE UPDATE

REF: STATE 159388

Classified By: ISN Acting DAS Richard Stratford. Reasons: 1.4(b).

1. (C) Post is asked to confirm by return cable whether the vessel has left Tianjin.

2. (U) Please report by November 24, 2007.

RICE
`

// demoExtras adds what the scenario leaves out: a CONFIDENTIAL reader
// and a Chinese liaison officer, a draft awaiting clearance, and an
// unacknowledged NIACT in Beijing's inbox. It returns the draft's id.
func demoExtras(ctx context.Context, tr *sqlite.Traffic, clock *demoClock) (int64, error) {
	for _, u := range []*cable.User{
		{Name: "conf-reader", DisplayName: "Analyst cleared CONFIDENTIAL", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
		{Name: "chn-liaison", DisplayName: "PRC liaison officer", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
	} {
		if err := tr.CreateUser(ctx, u, demoPassword); err != nil {
			return 0, err
		}
	}
	as := func(name string) (context.Context, error) {
		u, err := tr.FindUserByName(ctx, name)
		return cable.NewContextWithUser(ctx, u), err
	}
	isn, err := as("isn-drafter")
	if err != nil {
		return 0, err
	}
	rel, err := as("ses-releaser")
	if err != nil {
		return 0, err
	}
	clock.Set(time.Date(2007, 11, 24, 1, 0, 0, 0, time.UTC))
	pending := &cable.Draft{Origin: "ISN", Text: followUpText, Clearances: []cable.Clearance{{Office: "EAP"}, {Office: "T"}},
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: cable.RoleTo, Precedence: cable.Priority}}}
	if err := tr.CreateDraft(isn, pending); err != nil {
		return 0, err
	}
	// ISN's desk officer saved a search before the NIACT went out: it is
	// their one new match.
	if err := saveDemoSearch(isn, tr); err != nil {
		return 0, err
	}
	niact := &cable.Draft{Origin: "ISN", Text: niactText,
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: cable.RoleTo, Precedence: cable.NiactImmediate}}}
	if err := tr.CreateDraft(isn, niact); err != nil {
		return 0, err
	}
	r, err := tr.ReleaseDraft(rel, niact.ID)
	if err != nil {
		return 0, err
	}
	if err := awaitDelivery(ctx, tr, r); err != nil {
		return 0, err
	}
	clock.Set(time.Date(2007, 11, 24, 1, 20, 0, 0, time.UTC))
	return pending.ID, nil
}

// saveDemoSearch saves the search "iran" tagged PARM for the caller,
// with what it matches now, as the search page's Save does.
func saveDemoSearch(ctx context.Context, tr *sqlite.Traffic) error {
	res, err := tr.Search(ctx, cable.SearchQuery{Text: "iran", Tags: []string{"PARM"}, Limit: 100})
	if err != nil {
		return fmt.Errorf("demo saved search: %w", err)
	}
	ss := &cable.SavedSearch{Name: "Iran arms transfers", Query: "q=iran&tag=PARM"}
	var seen []string // its mark: the newest match, and the ids dated then
	for _, h := range res.Hits {
		if ss.SeenTo.IsZero() {
			ss.SeenTo = h.DTG
		}
		if h.DTG.Equal(ss.SeenTo) {
			seen = append(seen, h.ID)
		}
	}
	return tr.CreateSavedSearch(ctx, ss, seen)
}

// shootAll starts Chromium and photographs every page of the plan at
// every width, each user in a browser context of their own.
func shootAll(ctx context.Context, m *Main, chromium, tmp string, site *demoSite, out string) error {
	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium")), chromedp.CombinedOutput(io.Discard))...)
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return fmt.Errorf("start chromium: %w", err)
	}
	for i, s := range screenshotPlan(site.draft) {
		for _, w := range shotWidths {
			name := filepath.Join(out, fmt.Sprintf("%02d-%s-%s.png", i+1, s.name, w.name))
			if err := shootOne(browser, site.srv.URL(), s, w.width, w.height, w.mobile, name); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			fmt.Fprintln(m.Stdout, name)
		}
	}
	return nil
}

// shootOne logs in as the shot's user in a fresh browser context, opens
// the page at the viewport's size and saves a full-page PNG.
func shootOne(browser context.Context, base string, s shot, width, height int64, mobile bool, file string) error {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	view := func(h int64) chromedp.Action[chromedp.Void] {
		if mobile {
			return chromedp.EmulateViewport(width, h, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		return chromedp.EmulateViewport(width, h)
	}
	steps := []chromedp.Action[chromedp.Void]{view(height)}
	if s.user != "" {
		steps = append(steps, chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(chromedp.ID("name"), s.user), chromedp.SendKeys(chromedp.ID("password"), demoPassword),
			chromedp.Click(chromedp.ID("login")), chromedp.WaitVisible(chromedp.CSS("header.site nav")))
	}
	steps = append(steps, chromedp.Navigate(base+s.path), chromedp.WaitVisible(chromedp.CSS("main")))
	steps = append(steps, s.prepare...)
	if err := chromedp.Do(ctx, steps...); err != nil {
		return err
	}
	// The whole page, at the viewport's width: the viewport is made as
	// tall as the page, so that nothing wider than it is captured.
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		return err
	}
	if err := chromedp.Do(ctx, view(max(h, height))); err != nil {
		return err
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// extraCommands are the commands built only with a tag: the screenshot
// tool, which links a browser driver that the binary users run does not
// need (go run -tags screenshots ./cmd/cable screenshots).
func extraCommands() map[string]command {
	return map[string]command{
		"screenshots": {"save PNGs of every web page at desktop and phone widths", runScreenshots},
	}
}
