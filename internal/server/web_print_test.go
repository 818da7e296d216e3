package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrintCSS: /print.css puts the banner it is given in the top and
// bottom margin boxes of every printed sheet, in the level's colour, and
// keeps nothing of the query that could end the CSS string.
func TestPrintCSS(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, tc := range []struct {
		name, banner, content, color string
	}{
		{"secret", "SECRET//NOFORN", "SECRET//NOFORN", "#c8102e"},
		{"REL TO", "SECRET//REL TO USA, CHN", "SECRET//REL TO USA, CHN", "#c8102e"},
		{"unclassified", "UNCLASSIFIED", "UNCLASSIFIED", "#007a33"},
		{"an attempt to end the string", `SECRET"; } body { display: none } /*`, "SECRET  BODY  DISPLAY NONE  /", "#5a5a5a"},
		{"nothing", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := f.as(t, "").get("/print.css?" + url.Values{"banner": {tc.banner}}.Encode())
			if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "text/css") {
				t.Fatalf("GET /print.css = %d %s", a.status, a.header.Get("Content-Type"))
			}
			if tc.content == "" {
				if strings.TrimSpace(a.body) != "" {
					t.Errorf("print.css without a banner = %q, want nothing", a.body)
				}
				return
			}
			for _, box := range []string{"@top-center", "@bottom-center"} {
				want := box + ` { content: "` + tc.content + `"; color: ` + tc.color + ";"
				if !strings.Contains(a.body, want) {
					t.Errorf("print.css lacks %q:\n%s", want, a.body)
				}
			}
			if n := strings.Count(a.body, `"`); n != 4 {
				t.Errorf("print.css holds %d double quotes, want the 4 of its two strings:\n%s", n, a.body)
			}
		})
	}
}

// TestPages_PrintBanner: every page links the print style sheet of the
// banner it shows.
func TestPages_PrintBanner(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, tc := range []struct{ reader, path, banner string }{
		{"us-s", "/cables/" + seedID, "SECRET//NOFORN"},
		{"us-c", "/cables/" + seedID, "UNCLASSIFIED"},
		{"chn", "/cables/" + seedID + "/telegram", "SECRET//REL TO USA, CHN"},
		{"us-s", "/cables/" + seedID + "/versions", "SECRET//NOFORN"},
		{"us-s", "/search?q=appreciates", "SECRET//NOFORN"},
		{"us-s", "/search", "UNCLASSIFIED"},
	} {
		d := parsePage(t, newBrowser(t, f.srv.URL()).login(tc.reader, testPassword).get(tc.path))
		href := strings.Join(d.attrs(`link[rel="stylesheet"][media="print"]`, "href"), " ")
		u, err := url.Parse(href)
		if err != nil || u.Path != "/print.css" || u.Query().Get("banner") != tc.banner || u.Query().Get("banner") != strings.TrimPrefix(d.text("#banner-top"), "Classification: ") {
			t.Errorf("%s, %s: print style sheet %q, want the banner %s", tc.reader, tc.path, href, tc.banner)
		}
	}
}

// TestBrowser_Print: printed, a cable's page has no navigation and no
// controls, and its print style sheet carries its view's banner.
func TestBrowser_Print(t *testing.T) {
	mustChromium(t)
	c := MustStartChrome(t, sharedFixture(t).srv.URL())
	for _, tc := range []struct{ reader, banner string }{{"us-s", "SECRET//NOFORN"}, {"chn", "SECRET//REL TO USA, CHN"}} {
		tb := c.as(tc.reader)
		tb.open("/cables/" + seedID)
		tb.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
		shown := eval[string](tb, `["header.site", "aside.tools", "footer", "#banner-top", "#banner-bottom", "#paragraphs"].map(s => {
		  const e = document.querySelector(s); return s + "=" + (e && getComputedStyle(e).display !== "none"); }).join(" ")`)
		if want := "header.site=false aside.tools=false footer=false #banner-top=true #banner-bottom=true #paragraphs=true"; shown != want {
			t.Errorf("%s printed: %s, want %s", tc.reader, shown, want)
		}
		boxes := eval[string](tb, `[...document.styleSheets].filter(s => s.href && s.href.includes("/print.css"))
		  .flatMap(s => [...s.cssRules]).map(r => r.cssText).join(" ")`)
		for _, box := range []string{"@top-center", "@bottom-center"} {
			if !strings.Contains(boxes, box) || !strings.Contains(boxes, `"`+tc.banner+`"`) {
				t.Errorf("%s: the print style sheet has no %s with %q: %s", tc.reader, box, tc.banner, boxes)
			}
		}
	}
}
