package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// a11yScript checks the page in the browser, where styles are computed,
// and returns every violation:
//
//   - contrast (WCAG 2 AA): every visible text, against the background
//     its ancestors composite to, at least 4.5:1, or 3:1 for large text
//     (24px, or 18.66px bold); SVG text against the shape it sits on;
//   - labels: every input, select and textarea has a label (a <label
//     for>, or aria-label or aria-labelledby);
//   - names: every img and svg, link and button has an accessible name;
//   - ids are unique, as labels and skip links depend on them.
//
// Background images (the hatching of withheld paragraphs) are ignored;
// the colour under them is what is measured.
const a11yScript = `(() => {
  const out = [];
  const rgb = c => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = el => { const chain = []; for (let e = el; e; e = e.parentElement) chain.push(e);
    let c = {r: 255, g: 255, b: 255, a: 1};
    for (let i = chain.length - 1; i >= 0; i--) { const b = rgb(getComputedStyle(chain[i]).backgroundColor); if (b && b.a > 0) c = over(b, c); }
    return c; };
  const shown = el => { const s = getComputedStyle(el); if (s.visibility === 'hidden' || s.display === 'none') return false;
    const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  const what = (el, t) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className.split(' ').join('.') : '') + ' "' + t.trim().slice(0, 40) + '"';
  const seen = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const t = walk.currentNode, el = t.parentElement;
    if (!t.data.trim() || !el || seen.has(el) || el.closest('svg, script, style, template, option')) continue;
    seen.add(el);
    if (!shown(el)) continue;
    const s = getComputedStyle(el), fg = rgb(s.color), bg = background(el);
    const fgc = over(fg, bg), size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5, got = ratio(fgc, bg);
    if (got < need) out.push('contrast ' + got.toFixed(2) + ' < ' + need + ': ' + what(el, t.data));
  }
  document.querySelectorAll('svg text').forEach(el => {
    if (!el.textContent.trim()) return;
    const box = el.getBBox(); let fill = {r: 255, g: 255, b: 255, a: 1}, area = Infinity;
    el.ownerSVGElement.querySelectorAll('rect').forEach(r => { const b = r.getBBox();
      if (box.x >= b.x && box.y >= b.y && box.x + box.width <= b.x + b.width + 1 && box.y + box.height <= b.y + b.height + 1 && b.width * b.height < area) {
        area = b.width * b.height; fill = rgb(getComputedStyle(r).fill) || fill; } });
    const got = ratio(rgb(getComputedStyle(el).fill), fill);
    if (got < 4.5) out.push('contrast ' + got.toFixed(2) + ' < 4.5: svg text "' + el.textContent.trim().slice(0, 40) + '"');
  });
  document.querySelectorAll('input, select, textarea').forEach(el => {
    if (['hidden', 'submit', 'button', 'reset'].includes(el.type)) return;
    if (!((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      out.push('no label: ' + el.tagName.toLowerCase() + '#' + el.id + ' name=' + el.name);
  });
  document.querySelectorAll('img, svg').forEach(el => {
    if (el.getAttribute('aria-hidden') === 'true' || (el.tagName.toLowerCase() === 'svg' && el.parentElement.closest('svg'))) return;
    if (!(el.getAttribute('alt') || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.querySelector('title')))
      out.push('no accessible name: ' + el.tagName.toLowerCase());
  });
  document.querySelectorAll('a[href], button').forEach(el => {
    if (!(el.textContent.trim() || el.getAttribute('aria-label'))) out.push('unnamed ' + el.tagName.toLowerCase() + ' ' + el.outerHTML.slice(0, 60));
  });
  const ids = {}; document.querySelectorAll('[id]').forEach(el => { ids[el.id] = (ids[el.id] || 0) + 1; });
  Object.keys(ids).forEach(id => { if (ids[id] > 1) out.push('duplicate id ' + id); });
  return out;
})()`

// checkA11y fails the test for every accessibility violation of the page
// the tab is on.
func (tb *tab) checkA11y() {
	tb.t.Helper()
	for _, v := range eval[[]string](tb, a11yScript) {
		tb.t.Errorf("accessibility: %s: %s", tb.location(), v)
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
