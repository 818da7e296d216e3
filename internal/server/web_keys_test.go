package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
)

// TestBrowser_InboxKeys: the inbox answers the keys of a mail client (j
// and k move, ? lists the keys, o opens, a acknowledges), and passes the
// accessibility check at desktop and phone widths (issue 17 goals).
func TestBrowser_InboxKeys(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	mustBacklogInbox(t, f, 3, cable.Routine)
	c := MustStartChrome(t, f.srv.URL())
	clerk := c.as("clerk")
	clerk.open("/")
	clerk.checkA11y()
	// Every column fits at a desktop's width: the status column was
	// clipped (issue 17, defect 3).
	if over := eval[float64](clerk, `(() => { const w = document.querySelector("#traffic .table-wrap"); return w.scrollWidth - w.clientWidth; })()`); over > 0 {
		t.Errorf("the inbox table overflows its box by %vpx at 1280px", over)
	}
	key := func(k string) {
		t.Helper()
		clerk.do(chromedp.KeyEvent(k))
	}
	key("j")
	key("j")
	if got := eval[string](clerk, `document.querySelector("tr.current").dataset.site`); got != "BACKLOG 2" && got != "BACKLOG 1" && got != "BACKLOG 3" {
		t.Fatalf("no current row after j j: %q", got)
	}
	if got := eval[int](clerk, `[...document.querySelectorAll("table.inbox tbody tr")].findIndex(r => r.classList.contains("current"))`); got != 1 {
		t.Errorf("after j j the current row is %d, want 1", got)
	}
	key("k")
	if got := eval[int](clerk, `[...document.querySelectorAll("table.inbox tbody tr")].findIndex(r => r.classList.contains("current"))`); got != 0 {
		t.Errorf("after k the current row is %d, want 0", got)
	}
	key("?")
	if got := clerk.text("#key-help"); !strings.Contains(got, "acknowledge the current copy") {
		t.Errorf("key help = %q", got)
	}
	clerk.checkA11y()
	site := eval[string](clerk, `document.querySelector("tr.current").dataset.site`)
	key("a")
	clerk.waitFor("the acknowledgement", `document.querySelector(".flash") && document.readyState === "complete"`)
	if got := clerk.text(`tr[data-site="` + site + `"] td:last-child`); got != "acknowledged by clerk" {
		t.Errorf("after a: %q", got)
	}
	key("j")
	key("o")
	clerk.waitFor("the cable page", `location.pathname === "/cables/08BEIJING100004" && document.readyState === "complete"`)

	// At a phone's width the inbox is one card a row, and still passes.
	clerk.do(chromedp.EmulateViewport(390, 844))
	clerk.open("/")
	clerk.checkA11y()
	if w := eval[float64](clerk, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
		t.Errorf("the inbox is %vpx wider than a phone", w)
	}
}
