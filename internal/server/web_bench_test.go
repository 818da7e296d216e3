package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

// BenchmarkPages renders every page server-side, through the server's
// handler and httptest (no network, no browser), over an archive of
// generated cables (package gen) with the seed scenario's traffic played
// on top, and reports each page's p50 and p99 in milliseconds.
//
// The archive has 2,000 cables by default. CABLE_BENCH_CABLES=250000 sets
// its size; CABLE_BENCH_DB=PATH keeps the database there and reuses it,
// since filling 250,000 cables takes minutes:
//
//	CABLE_BENCH_CABLES=250000 CABLE_BENCH_DB=/tmp/web250k.db \
//	  go test -run '^$' -bench Pages -benchtime 200x ./internal/server/
func BenchmarkPages(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("CABLE_BENCH_CABLES")); err == nil && v > 0 {
		n = v
	}
	h, cookies, last := mustBenchServer(b, n)
	q := url.QueryEscape(benchWord)
	pages := []struct{ name, method, path, user, body string }{
		{"inbox", "GET", "/", "beijing-duty", ""},
		{"cable-seed", "GET", "/cables/07STATE159388", "isn-drafter", ""},
		{"cable-generated", "GET", "/cables/" + last, "admin", ""},
		{"telegram", "GET", "/cables/07STATE159388/telegram", "isn-drafter", ""},
		{"release-copy", "GET", "/cables/07STATE159388/release?country=CHN", "isn-drafter", ""},
		{"search", "GET", "/search?q=" + q, "admin", ""},
		{"search-rare", "GET", "/search?q=Tianjin", "admin", ""},
		{"search-form", "GET", "/search", "admin", ""},
		{"search-tag", "GET", "/search?tag=PARM&from=2007-11-01&until=2007-11-30", "admin", ""},
		{"search-page-5", "GET", "/search?q=" + q + "&offset=80", "admin", ""},
		{"compose", "GET", "/compose?reply=07STATE159388", "beijing-pol", ""},
		{"compose-check", "POST", "/compose/check", "isn-drafter", benchComposeForm()},
		{"draft", "GET", "/drafts/1", "isn-drafter", ""},
		{"drafts", "GET", "/drafts", "isn-drafter", ""},
		{"admin", "GET", "/admin?site=BEIJING", "admin", ""},
		// eap-clearer keeps cable.MaxSavedSearches saved searches, each
		// run for the navigation's count on every page.
		{"searches", "GET", "/searches", "eap-clearer", ""},
		{"search-rare-20-saved", "GET", "/search?q=Tianjin", "eap-clearer", ""},
		{"reports", "GET", "/reports", "admin", ""},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				req := httptest.NewRequest(p.method, p.path, strings.NewReader(p.body))
				if p.body != "" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				req.AddCookie(cookies[p.user])
				w := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(w, req)
				ds = append(ds, time.Since(start))
				if w.Code != http.StatusOK {
					b.Fatalf("%s %s = %d\n%s", p.method, p.path, w.Code, w.Body.String())
				}
			}
			slices.Sort(ds)
			b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
			b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
		})
	}
}

var benchDB *sqlite.Traffic

// benchWord is a word common in generated cables: the search that costs
// the store most.
const benchWord = "government"

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchComposeForm is the compose form with the seed's text, as the live
// check posts it.
func benchComposeForm() string {
	c := cabletext.ParseString(scenario.DemarcheText())
	v := url.Values{"origin": {"ISN"}, "class": {"S"}, "captions": {"SIPDIS"}, "decl": {"12/31/2032"},
		"tags": {"PARM, PREL, UNGA"}, "subject": {c.Text.Subject}, "authority": {c.Text.ClassifiedBy.Authority},
		"reasons": {"1.4(b), 1.4(d)"}, "signature": {"RICE"}, "clearers": {"EAP, T"},
		"addr_plad": {"AMEMBASSY BEIJING"}, "addr_role": {"to"}, "addr_prec": {"IMMEDIATE"}}
	for _, p := range c.Text.Paragraphs {
		v.Add("para_mark", p.Mark)
		v.Add("para_heading", p.Heading)
		v.Add("para_text", p.Text)
	}
	return v.Encode()
}

// mustBenchServer returns the handler of a server on an archive of n
// generated cables with the scenario played, session cookies of the
// scenario's users, and the id of the last generated cable.
func mustBenchServer(b *testing.B, n int) (http.Handler, map[string]*http.Cookie, string) {
	b.Helper()
	path := os.Getenv("CABLE_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), sqlite.FileName)
	}
	clock := &testClock{t: scenario.Start}
	db := sqlite.NewDB(path)
	db.PasswordIterations, db.Logger = 1000, slog.New(slog.DiscardHandler)
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.Now = clock.Now
	tr := sqlite.NewTraffic(db)
	benchDB = tr
	g := &gen.Generator{Seed: 1}
	last := cabletext.Parse(g.Cable(n - 1)).ID
	if _, err := tr.FindUserByName(context.Background(), "beijing-duty"); err != nil {
		fillBenchArchive(b, db, g, n)
		playBenchScenario(b, tr, clock)
	}
	clock.Set(time.Date(2007, 11, 24, 12, 0, 0, 0, time.UTC))
	mustBenchSavedSearches(b, tr, "eap-clearer")
	srv := &server.Server{DB: tr, Logger: slog.New(slog.DiscardHandler), Now: clock.Now, SessionKey: []byte(strings.Repeat("b", 32))}
	h, err := srv.Handler()
	if err != nil {
		b.Fatal(err)
	}
	cookies := map[string]*http.Cookie{}
	for _, u := range []string{"admin", "isn-drafter", "beijing-duty", "beijing-pol", "eap-clearer"} {
		cookies[u] = benchLogin(b, h, u)
	}
	return h, cookies, last
}

// mustBenchSavedSearches gives user cable.MaxSavedSearches saved
// searches, of common words, none of whose matches they have seen: the
// most a navigation count runs.
func mustBenchSavedSearches(b *testing.B, tr *sqlite.Traffic, user string) {
	b.Helper()
	u, err := tr.FindUserByName(context.Background(), user)
	if err != nil {
		b.Fatal(err)
	}
	ctx := cable.NewContextWithUser(context.Background(), u)
	if have, err := tr.FindSavedSearches(ctx); err != nil || len(have) > 0 {
		return // a reused database has them
	}
	words := []string{benchWord, "minister", "embassy", "president", "security", "economic", "military", "election",
		"foreign", "trade", "nuclear", "Iran", "China", "Russia", "energy", "human", "rights", "police", "oil", "water"}
	for _, w := range words[:cable.MaxSavedSearches] {
		if err := tr.CreateSavedSearch(ctx, &cable.SavedSearch{Name: w, Query: "q=" + w}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// fillBenchArchive imports generated cables 0 to n-1.
func fillBenchArchive(b *testing.B, db *sqlite.DB, g *gen.Generator, n int) {
	b.Helper()
	start := time.Now()
	const batch = 1000
	for i := 0; i < n; i += batch {
		var cs []*cable.Cable
		for j := i; j < min(i+batch, n); j++ {
			cs = append(cs, cabletext.Parse(g.Cable(j)))
		}
		if _, err := db.ImportCables(context.Background(), cs); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("imported %d generated cables in %s", n, time.Since(start).Round(time.Second))
}

// playBenchScenario plays the seed's traffic, delivering each release.
func playBenchScenario(b *testing.B, tr *sqlite.Traffic, clock *testClock) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := &delivery.Dispatcher{Store: tr, Now: clock.Now, Logger: slog.New(slog.DiscardHandler), PollInterval: 10 * time.Millisecond}
	if err := d.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer d.Stop()
	deliver := func(ctx context.Context, rel *cable.Release) error {
		for {
			admin, err := tr.FindUserByName(ctx, "admin")
			if err != nil {
				return err
			}
			ds, err := tr.FindDeliveries(cable.NewContextWithUser(ctx, admin), rel.CableID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(ds, func(d *cable.Delivery) bool { return d.State != cable.DeliveryDelivered }) {
				return nil
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	_, err := scenario.Play(ctx, scenario.Config{Services: tr, SetTime: clock.Set, Deliver: deliver, Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
}

// benchLogin logs in through the login form and returns the cookie.
func benchLogin(b *testing.B, h http.Handler, user string) *http.Cookie {
	b.Helper()
	form := url.Values{"name": {user}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Name == "cable_session" {
			return c
		}
	}
	b.Fatalf("log in as %s: %d %s", user, w.Code, w.Body.String())
	return nil
}

// TestPageBench_Form checks the benchmark's compose form reads back as the
// seed's paragraphs, so that the check it times is the real one.
func TestPageBench_Form(t *testing.T) {
	v, err := url.ParseQuery(benchComposeForm())
	if err != nil {
		t.Fatal(err)
	}
	if got := len(v["para_text"]); got != 8 {
		t.Errorf("paragraphs = %d, want 8", got)
	}
}
