package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Page tests check pages with CSS selectors, not golden pages (pkgsite's
// htmlcheck): a page may change its markup freely as long as what a
// reader must see is where the selectors say.

// doc is a parsed page.
type doc struct {
	tb   testing.TB
	root *html.Node
	src  string
}

// parsePage parses an answer's body as HTML.
func parsePage(tb testing.TB, a answer) *doc {
	tb.Helper()
	root, err := html.Parse(strings.NewReader(a.body))
	if err != nil {
		tb.Fatalf("parse page: %v", err)
	}
	return &doc{tb: tb, root: root, src: a.body}
}

// all returns the elements sel matches.
func (d *doc) all(sel string) []*html.Node {
	d.tb.Helper()
	s, err := cascadia.ParseGroup(sel)
	if err != nil {
		d.tb.Fatalf("selector %q: %v", sel, err)
	}
	return cascadia.QueryAll(d.root, s)
}

// one returns the one element sel matches, failing the test otherwise.
func (d *doc) one(sel string) *html.Node {
	d.tb.Helper()
	ns := d.all(sel)
	if len(ns) != 1 {
		d.tb.Fatalf("%q matches %d elements, want 1", sel, len(ns))
	}
	return ns[0]
}

// text returns the text sel's one element holds, spaces folded.
func (d *doc) text(sel string) string {
	d.tb.Helper()
	return nodeText(d.one(sel))
}

// texts returns the text of each element sel matches.
func (d *doc) texts(sel string) []string {
	d.tb.Helper()
	var out []string
	for _, n := range d.all(sel) {
		out = append(out, nodeText(n))
	}
	return out
}

// attrs returns attribute name of each element sel matches.
func (d *doc) attrs(sel, name string) []string {
	d.tb.Helper()
	var out []string
	for _, n := range d.all(sel) {
		out = append(out, attr(n, name))
	}
	return out
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// browser is a page client with a cookie jar: it logs in through the login
// form, follows redirects and posts forms, as a browser without scripts.
type browser struct {
	tb   testing.TB
	base string
	c    *http.Client
}

func newBrowser(tb testing.TB, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{tb: tb, base: base, c: &http.Client{Jar: jar}}
}

// login logs in through the login form and fails the test if it does not
// land on a page.
func (b *browser) login(name, password string) *browser {
	b.tb.Helper()
	a := b.post("/login", url.Values{"name": {name}, "password": {password}, "next": {"/"}})
	if a.status != http.StatusOK {
		b.tb.Fatalf("log in as %s: %d %s", name, a.status, a.body)
	}
	return b
}

func (b *browser) get(path string) answer {
	b.tb.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.tb.Fatal(err)
	}
	return readAnswer(b.tb, resp)
}

// post posts a form, following the redirect that answers it.
func (b *browser) post(path string, v url.Values) answer {
	b.tb.Helper()
	req, err := http.NewRequest("POST", b.base+path, strings.NewReader(v.Encode()))
	if err != nil {
		b.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := b.c.Do(req)
	if err != nil {
		b.tb.Fatal(err)
	}
	return readAnswer(b.tb, resp)
}

func readAnswer(tb testing.TB, resp *http.Response) answer {
	tb.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: string(body)}
	a.header.Set("X-Final-URL", resp.Request.URL.RequestURI())
	return a
}
