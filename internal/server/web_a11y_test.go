package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeScript is axe-core (testdata/axe, MPL-2.0), read once: the
// accessibility engine the browser tests run on every page they check.
var axeScript = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// axeRun runs axe-core's rules on the page, every rule of WCAG 2.0, 2.1
// and 2.2 at levels A and AA and axe's best practices, and returns each
// violation as its rule, impact and help, and the elements that fail it.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  resultTypes: ['violations']}).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ': ' +
  v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') + (v.nodes.length > 5 ? ' and ' + (v.nodes.length - 5) + ' more' : '')))`

// svgTextScript measures what axe-core does not: the contrast of SVG
// text (the charts' and the reference graph's labels) against the shape
// it sits on, or white, at least 4.5:1 (WCAG 2 AA).
const svgTextScript = `(() => {
  const out = [];
  const rgb = c => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2]}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  document.querySelectorAll('svg text').forEach(el => {
    if (!el.textContent.trim()) return;
    const box = el.getBBox(); let fill = {r: 255, g: 255, b: 255}, area = Infinity;
    el.ownerSVGElement.querySelectorAll('rect').forEach(r => { const b = r.getBBox();
      if (box.x >= b.x && box.y >= b.y && box.x + box.width <= b.x + b.width + 1 && box.y + box.height <= b.y + b.height + 1 && b.width * b.height < area) {
        area = b.width * b.height; fill = rgb(getComputedStyle(r).fill) || fill; } });
    const got = ratio(rgb(getComputedStyle(el).fill), fill);
    if (got < 4.5) out.push('svg-text-contrast: ' + got.toFixed(2) + ' < 4.5: "' + el.textContent.trim().slice(0, 40) + '"');
  });
  return out;
})()`

// a11yViolations returns the page's accessibility violations: axe-core's,
// and the contrast of SVG text.
func (tb *tab) a11yViolations() []string {
	tb.t.Helper()
	src, err := axeScript()
	if err != nil {
		tb.t.Fatalf("axe-core: %v", err)
	}
	if !eval[bool](tb, `typeof axe !== 'undefined'`) {
		eval[bool](tb, src+";true")
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("axe-core at %s: %v", tb.location(), err)
	}
	return append(vs, eval[[]string](tb, svgTextScript)...)
}

// checkA11y fails the test for every accessibility violation of the page
// the tab is on.
func (tb *tab) checkA11y() {
	tb.t.Helper()
	for _, v := range tb.a11yViolations() {
		tb.t.Errorf("accessibility: %s: %s", tb.location(), v)
	}
}

// TestBrowser_A11yCheck: the check finds what it is there to find. The
// login page, clean, gets a field without a label, grey text on white,
// an unnamed button, a heading that skips a level, text outside every
// landmark and grey SVG text, and each is reported.
func TestBrowser_A11yCheck(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	anon := MustStartChrome(t, f.srv.URL()).anonymous()
	anon.open("/login")
	if vs := anon.a11yViolations(); len(vs) != 0 {
		t.Fatalf("the login page is not clean to start with: %q", vs)
	}
	eval[bool](anon, `(() => { const m = document.querySelector('main');
	  m.insertAdjacentHTML('beforeend', '<input type="text" id="zq-unlabelled"><p id="zq-faint">ZQ faint</p><button id="zq-empty"></button><h4>ZQ skipped</h4>' +
	    '<svg role="img" aria-label="ZQ chart" viewBox="0 0 100 20"><text x="0" y="15" fill="#cccccc">ZQ grey</text></svg>');
	  document.getElementById('zq-faint').style.color = '#aaaaaa'; // the page's CSP refuses style attributes
	  document.body.insertAdjacentHTML('beforeend', '<p>ZQ outside</p>'); return true; })()`)
	got := strings.Join(anon.a11yViolations(), "\n")
	for _, rule := range []string{"label (critical)", "color-contrast (serious)", "button-name (critical)", "heading-order", "region (moderate)", "svg-text-contrast"} {
		if !strings.Contains(got, rule) {
			t.Errorf("the check missed %s; it found:\n%s", rule, got)
		}
	}
}

// focusScript describes the focused element, and whether it shows that it
// has the focus: an outline or a box shadow.
const focusScript = `(() => { const el = document.activeElement; if (!el || el === document.body) return 'body|1';
  const s = getComputedStyle(el);
  // A date field's own parts (day, month, year, picker) take the focus
  // inside it; the field shows the ring while one of its parts has it.
  if (el.type === 'date' && !el.matches(':focus')) return 'inside-date|1';
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  const where = [...document.querySelectorAll('*')].indexOf(el) + ':' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '[' + (el.getAttribute('href') || el.name || el.textContent.trim().slice(0, 30)) + ']';
  return where + '|' + (ring && r.width > 0 && r.height > 0 ? '1' : '0'); })()`

// tabbableScript lists the elements Tab must reach: links, buttons and
// fields that are shown and enabled.
const tabbableScript = `[...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(el =>
  el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden' && el.getClientRects().length > 0 &&
  getComputedStyle(el).visibility !== 'hidden' && !el.closest('details:not([open]) > :not(summary)')).length`

// checkKeyboard tabs through the page from the top: the first stop is the
// skip link, every stop shows a focus ring, and every link, button and
// field is reached.
func (tb *tab) checkKeyboard() {
	tb.t.Helper()
	// A fresh load, so that Tab starts from the top of the document.
	tb.open(tb.location())
	want := eval[float64](tb, tabbableScript)
	seen := map[string]bool{}
	for i := 0; i < 400; i++ {
		tb.do(chromedp.KeyEvent(kb.Tab))
		where, ring, _ := strings.Cut(eval[string](tb, focusScript), "|")
		if i == 0 && !strings.HasSuffix(where, "a[#main]") {
			tb.t.Errorf("keyboard: %s: first Tab stop is %s, want the skip link", tb.location(), where)
		}
		if where == "body" || (i > 0 && seen[where] && strings.HasSuffix(where, "a[#main]")) {
			break
		}
		if ring != "1" {
			tb.t.Errorf("keyboard: %s: %s shows no focus", tb.location(), where)
		}
		seen[where] = true
	}
	if float64(len(seen)) < want {
		var got []string
		for w := range seen {
			got = append(got, w)
		}
		tb.t.Errorf("keyboard: %s: Tab reached %d of %.0f focusable elements: %q", tb.location(), len(seen), want, got)
	}
}

// TestBrowser_Keyboard checks the skip link and that Tab reaches every
// control, with a visible focus, on the pages of the archive.
func TestBrowser_Keyboard(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	c := MustStartChrome(t, f.srv.URL())
	anon := c.anonymous()
	anon.open("/login")
	anon.checkA11y()
	anon.checkKeyboard()
	isn := c.as("isn-drafter")
	for _, p := range []string{"/", "/compose", "/search?q=x", "/drafts"} {
		isn.open(p)
		isn.checkA11y()
		isn.checkKeyboard()
	}
	// The skip link moves the focus to the page's content.
	isn.open("/")
	isn.do(chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	if got := eval[string](isn, `document.activeElement.id`); got != "main" {
		t.Errorf("after the skip link, the focus is on #%s, want #main", got)
	}
}
