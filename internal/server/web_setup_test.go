package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

// The traffic pages are tested on a server whose store moves traffic, with
// a delivery dispatcher running and a clock the test moves through the
// seed scenario's 2007 (see package scenario): the demarche is released at
// the seed's own DTG, 220000Z NOV 07, and becomes 07STATE159388.

// testClock is a clock a test sets.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// webFixture is a server on a traffic store with the web tests' users.
type webFixture struct {
	tr    *sqlite.Traffic
	srv   *server.Server
	clock *testClock
	logs  *logBuffer
}

// webUsers are the people of the web tests: the seed scenario's offices
// and post, with the roles the brief of the web UI names, and a Chinese
// liaison officer at the embassy, cleared SECRET, whose every view is a
// release copy.
var webUsers = []*cable.User{
	{Name: "admin", DisplayName: "Directory administrator", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"S/ES-O"}, Admin: true},
	{Name: "isn-drafter", DisplayName: "ISN desk officer", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
		Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	{Name: "eap-clearer", DisplayName: "EAP/CM clearing officer", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"EAP"},
		Roles: []cable.Role{{Kind: cable.RoleClearer, Post: "EAP"}}},
	{Name: "t-clearer", DisplayName: "T staff clearing officer", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"T"},
		Roles: []cable.Role{{Kind: cable.RoleClearer, Post: "T"}}},
	{Name: "beijing-duty", DisplayName: "Embassy Beijing duty officer", Clearance: "SECRET", Citizenship: "USA",
		Posts: []string{"AMEMBASSY BEIJING"}, Roles: []cable.Role{{Kind: cable.RoleDutyOfficer, Post: "AMEMBASSY BEIJING"},
			{Kind: cable.RoleDrafter, Post: "AMEMBASSY BEIJING"}, {Kind: cable.RoleReleaser, Post: "AMEMBASSY BEIJING"}}},
	{Name: "chn-liaison", DisplayName: "PRC liaison officer", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
}

// MustOpenWeb serves an empty traffic store with the web users on a free
// port, delivering what is released, until the test ends. opts set the
// server's fields before it opens.
func MustOpenWeb(tb testing.TB, opts ...func(*server.Server)) *webFixture {
	tb.Helper()
	ctx := context.Background()
	clock := &testClock{t: scenario.Start}
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), sqlite.FileName))
	db.PasswordIterations = 1000
	db.Logger = slog.New(slog.DiscardHandler)
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = clock.Now // after Open, as cable demo does
	if err := db.StartSearchEngine(ctx); err != nil {
		tb.Fatal(err)
	}
	tr := sqlite.NewTraffic(db)
	for _, u := range webUsers {
		u := *u
		if err := tr.CreateUser(ctx, &u, testPassword); err != nil {
			tb.Fatal(err)
		}
	}
	admin, err := tr.FindUserByName(ctx, "admin")
	if err != nil {
		tb.Fatal(err)
	}
	for plad, last := range scenario.Serials {
		if err := tr.SetSerial(cable.NewContextWithUser(ctx, admin), plad, 2007, last); err != nil {
			tb.Fatal(err)
		}
	}
	d := &delivery.Dispatcher{Store: tr, Now: clock.Now, Logger: slog.New(slog.DiscardHandler), PollInterval: 20 * time.Millisecond}
	if err := d.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(d.Stop)
	logs := &logBuffer{}
	srv := &server.Server{Addr: "127.0.0.1:0", DB: tr, Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: clock.Now,
		SessionKey: bytes.Repeat([]byte("w"), 32),
		// The scenario's clock jumps hours and days between steps.
		SessionTTL: 90 * 24 * time.Hour, IdleTimeout: 90 * 24 * time.Hour}
	for _, o := range opts {
		o(srv)
	}
	if err := srv.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	return &webFixture{tr: tr, srv: srv, clock: clock, logs: logs}
}

// at sets the clock to a scenario time.
func (f *webFixture) at(month time.Month, day, hour, minute int) {
	f.clock.Set(time.Date(2007, month, day, hour, minute, 0, 0, time.UTC))
}
