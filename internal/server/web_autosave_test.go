package server_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
)

// TestBrowser_AnswerAutosave: Reply on the cable page opens compose with
// the cable cited; the form is saved as a draft while the drafter types
// (the indicator says when), the page moves to the draft so that a reload
// restores it, and a change made just before leaving is saved on the way
// out. The pages pass the accessibility check at desktop and phone widths.
func TestBrowser_AnswerAutosave(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t, func(s *server.Server) { s.AutosaveEvery = 300 * time.Millisecond })
	MustImport(t, f.tr.DB, "../cabletext/testdata/seed.txt")
	c := MustStartChrome(t, f.srv.URL())
	isn := c.as("isn-drafter")
	isn.open("/cables/07STATE159388")
	isn.checkA11y()
	isn.click("#reply-link")
	if got := eval[string](isn, `document.getElementById("f-refs").value`); got != "STATE 159388" {
		t.Errorf("reply form refs = %q", got)
	}
	if got := isn.text("#autosave-status"); !strings.HasPrefix(got, "Not saved yet") {
		t.Errorf("indicator before any change = %q", got)
	}
	isn.checkA11y()

	typed := "ZQAUTO1 the embassy will deliver the points."
	isn.do(chromedp.SendKeys(chromedp.ID("para-0-text"), typed))
	isn.waitFor("the autosave", `/^Saved \d\d:\d\d UTC$/.test(document.getElementById("autosave-status").textContent)`)
	draft := isn.location()
	if !regexp.MustCompile(`^/drafts/\d+$`).MatchString(draft) {
		t.Fatalf("after the first autosave the page is at %q, want its draft", draft)
	}
	// The keys typed after the first save are saved by the next.
	waitDraftText(t, f, draft, typed)
	isn.open(draft) // a reload
	if got := eval[string](isn, `document.getElementById("para-0-text").value`); got != "ZQAUTO1 the embassy will deliver the points." {
		t.Errorf("after a reload paragraph 1 = %q", got)
	}
	if got, want := isn.text("#autosave-status"), "Saved "+f.clock.Now().UTC().Format("15:04")+" UTC"; got != want {
		t.Errorf("indicator after a reload = %q, want %q", got, want)
	}

	// A change made as the page is left is saved as it goes: the timers
	// are stopped first (timer ids are small integers), so only the save
	// on leaving can save it.
	eval[bool](isn, `(() => { for (let i = 1; i < 10000; i++) clearInterval(i); const p = document.getElementById("para-0-text"); p.value += " ZQAUTO2";
		p.dispatchEvent(new Event("input", {bubbles: true})); location.href = "/drafts"; return true; })()`)
	isn.waitFor("the drafts page", `location.pathname === "/drafts" && document.readyState === "complete"`)
	if text := waitDraftText(t, f, draft, "ZQAUTO2"); !strings.Contains(text, "REF: STATE 159388") {
		t.Errorf("the draft after leaving the page:\n%s\nwant the reference", text)
	}

	// At a phone's width the draft and the cable page pass, and fit.
	isn.do(chromedp.EmulateViewport(390, 844))
	for _, p := range []string{draft, "/cables/07STATE159388", "/compose?forward=07STATE159388"} {
		isn.open(p)
		isn.checkA11y()
		if w := eval[float64](isn, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
			t.Errorf("%s is %vpx wider than a phone", p, w)
		}
		if n := eval[float64](isn, `document.querySelectorAll("#banner-top .banner, #banner-bottom .banner").length`); n != 2 {
			t.Errorf("%s has %v page banners, want top and bottom", p, n)
		}
	}
}

// isnCtx acts as isn-drafter, for reading the store directly.
func isnCtx(t *testing.T, f *webFixture) context.Context {
	t.Helper()
	u, err := f.tr.FindUserByName(context.Background(), "isn-drafter")
	if err != nil {
		t.Fatal(err)
	}
	return cable.NewContextWithUser(context.Background(), u)
}

// draftNumber reads the id of a draft's path, /drafts/N.
func draftNumber(t *testing.T, path string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimPrefix(path, "/drafts/"), 10, 64)
	if err != nil {
		t.Fatalf("draft path %q: %v", path, err)
	}
	return n
}

// waitDraftText waits until the draft at path holds want, and returns its
// text; it fails the test after 10 s.
func waitDraftText(t *testing.T, f *webFixture, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := f.tr.FindDraftByID(isnCtx(t, f), draftNumber(t, path))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(d.Text, want) {
			return d.Text
		}
		if time.Now().After(deadline) {
			t.Fatalf("draft %s after 10s:\n%s\nwant %q in it", path, d.Text, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
