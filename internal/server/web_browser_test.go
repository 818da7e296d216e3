package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive a real headless Chromium (Debian's chromium)
// with chromedp's generic API. Without Chromium they are skipped, with a
// message, unless CABLE_REQUIRE_BROWSER=1 (as .ci/run sets), which makes
// a missing browser a failure. CABLE_CHROMIUM names another binary.

// mustChromium returns the Chromium binary, or skips or fails the test.
func mustChromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CABLE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CABLE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("CABLE_REQUIRE_BROWSER=1 but there is no Chromium at %s (apt-get install chromium): %v", path, err)
		}
		t.Skipf("no Chromium at %s: browser tests skipped (apt-get install chromium; CABLE_REQUIRE_BROWSER=1 makes this a failure)", path)
	}
	return path
}

// chrome is a running headless Chromium.
type chrome struct {
	t       *testing.T
	browser context.Context
	base    string
}

// MustStartChrome starts Chromium with a fresh profile for the test, to
// browse the server at base.
func MustStartChrome(t *testing.T, base string) *chrome {
	t.Helper()
	path := mustChromium(t)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")), chromedp.WindowSize(1280, 900))...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &chrome{t: t, browser: browser, base: base}
}

// tab is one user's browser context: its own cookies.
type tab struct {
	t   *testing.T
	ctx context.Context
	c   *chrome
}

// as opens a fresh browser context and logs in as user through the login
// page.
func (c *chrome) as(user string) *tab {
	c.t.Helper()
	tb := c.anonymous()
	tb.do(chromedp.Navigate(c.base+"/login"),
		chromedp.SendKeys(chromedp.ID("name"), user), chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login")), chromedp.WaitVisible(chromedp.CSS("header.site nav")))
	return tb
}

// anonymous opens a fresh browser context without logging in. Its tab is
// opened here, on the context itself: a tab opened by a first Run on a
// context with a timeout would close when the timeout's context ends.
func (c *chrome) anonymous() *tab {
	c.t.Helper()
	ctx, cancel := chromedp.NewContext(c.browser, chromedp.WithNewBrowserContext())
	c.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		c.t.Fatalf("open a tab: %v", err)
	}
	return &tab{t: c.t, ctx: ctx, c: c}
}

// do runs actions, failing the test on an error, each step bounded.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("browser: %v (at %s)", err, tb.location())
	}
}

// open navigates to a path of the server.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.c.base+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// eval evaluates a JavaScript expression.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text returns the text of the element sel names, spaces folded.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.Join(strings.Fields(eval[string](tb, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, sel))), " ")
}

// location returns the path of the page the tab is on.
func (tb *tab) location() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return strings.TrimPrefix(loc, tb.c.base)
}

// waitFor waits until a JavaScript condition holds: for the live checks,
// which answer after a pause in typing, and for deliveries.
func (tb *tab) waitFor(what, cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !eval[bool](tb, "!!("+cond+")") {
		if time.Now().After(deadline) {
			tb.t.Fatalf("waited 15s for %s (%s) at %s", what, cond, tb.location())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// click clicks an element and waits for the next page to be ready.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	before := eval[float64](tb, "performance.timeOrigin")
	tb.do(chromedp.Click(chromedp.CSS(sel)))
	tb.waitFor("the next page after clicking "+sel,
		fmt.Sprintf("performance.timeOrigin !== %v && document.readyState === 'complete'", before))
}

// paras returns the paragraph numbers the page shows, and those it
// shows as withheld placeholders.
func (tb *tab) paras() (shown, withheld string) {
	tb.t.Helper()
	shown = eval[string](tb, `[...document.querySelectorAll("#paragraphs [data-para]:not([data-withheld])")].map(e => e.dataset.para).join(",")`)
	withheld = eval[string](tb, `[...document.querySelectorAll("#paragraphs [data-withheld]")].map(e => e.dataset.para).join(",")`)
	return shown, withheld
}
