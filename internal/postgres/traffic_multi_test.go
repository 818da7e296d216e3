package postgres_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/traffic/scenario"
)

// Several processes on one database. Each "process" here is a Traffic on
// a pool of its own (its own connections, its own listener), which is all
// PostgreSQL sees of a process; internal/delivery's kill test runs real
// processes.

// openProcesses opens n traffic services on one new, empty store, with an
// administrator and a user who drafts in ISN and releases for SECSTATE
// WASHDC.
func openProcesses(t *testing.T, n int) (trs []*postgres.Traffic, admin, staff context.Context) {
	t.Helper()
	first := MustOpenDB(t)
	first.Now = func() time.Time { return scenario.Start }
	trs = append(trs, postgres.NewTraffic(first))
	for range n - 1 {
		db := postgres.NewDB(first.URL)
		db.Schema, db.MaxConns, db.Now = first.Schema, 4, first.Now
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		trs = append(trs, postgres.NewTraffic(db))
	}
	t.Cleanup(func() {
		for _, tr := range slices.Backward(trs) { // the first last: its cleanup drops the schema
			tr.Close()
		}
	})
	users := []*cable.User{
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	}
	for _, u := range users {
		if err := trs[0].CreateUser(context.Background(), u, "password1"); err != nil {
			t.Fatal(err)
		}
	}
	return trs, cable.NewContextWithUser(context.Background(), users[0]), cable.NewContextWithUser(context.Background(), users[1])
}

// mustDraft creates a draft from ISN to posts, ROUTINE.
func mustDraft(t *testing.T, tr *postgres.Traffic, staff context.Context, n int, posts ...string) int64 {
	t.Helper()
	d := &cable.Draft{Origin: "ISN", Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: PROCESS TEST %d\n\n1. (U) Text %d.\n\nX\n", n, n)}
	for _, p := range posts {
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: p, Role: cable.RoleTo, Precedence: cable.Routine})
	}
	if err := tr.CreateDraft(staff, d); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// TestTraffic_SerialsAcrossProcesses releases from 8 goroutines in each
// of 2 processes at once, all from one post to one addressee, and checks
// that the post's serials and the addressee's continuity numbers are
// 1 to N, each once: no gap, no repeat.
func TestTraffic_SerialsAcrossProcesses(t *testing.T) {
	const procs, workers, each = 2, 8, 3
	trs, _, staff := openProcesses(t, procs)
	var ids []int64
	for i := range procs * workers * each {
		ids = append(ids, mustDraft(t, trs[0], staff, i, "AMEMBASSY PARIS"))
	}
	var mu sync.Mutex
	var telegrams []string
	var wg sync.WaitGroup
	for w := range procs * workers {
		tr := trs[w%procs]
		mine := ids[w*each : (w+1)*each]
		wg.Go(func() {
			for _, id := range mine {
				rel, err := tr.ReleaseDraft(staff, id)
				if err != nil {
					t.Errorf("release %d: %v", id, err)
					return
				}
				mu.Lock()
				telegrams = append(telegrams, rel.Telegram)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	serial := regexp.MustCompile(`\nDE RUEHC #(\d{4}) `)
	mcn := regexp.MustCompile(`\nTO RUEHFR/AMEMBASSY PARIS ROUTINE (\d{4})\n`)
	var serials, mcns []int
	for _, tg := range telegrams {
		for re, into := range map[*regexp.Regexp]*[]int{serial: &serials, mcn: &mcns} {
			m := re.FindStringSubmatch(tg)
			if m == nil {
				t.Fatalf("telegram lacks %s:\n%s", re, tg)
			}
			n, _ := strconv.Atoi(m[1])
			*into = append(*into, n)
		}
	}
	want := make([]int, len(ids))
	for i := range want {
		want[i] = i + 1
	}
	for name, got := range map[string][]int{"serials": serials, "continuity numbers": mcns} {
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want 1 to %d once each", name, got, len(ids))
		}
	}
}

// TestTraffic_DispatchersAcrossProcesses drains one outbox with a
// dispatcher in each of two processes that never poll: only a release's
// notification wakes them, whichever process released. Every copy is
// delivered once, by one of them.
func TestTraffic_DispatchersAcrossProcesses(t *testing.T) {
	trs, admin, staff := openProcesses(t, 2)
	var mu sync.Mutex
	by := map[int64]int{} // delivery id: deliveries of it
	var ds []*delivery.Dispatcher
	for _, tr := range trs {
		d := &delivery.Dispatcher{Store: tr, Batch: 16, PollInterval: time.Hour, OnDeliver: func(xs []*cable.Delivery) {
			mu.Lock()
			for _, x := range xs {
				by[x.ID]++
			}
			mu.Unlock()
		}}
		if err := d.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	defer func() {
		for _, d := range ds {
			d.Stop()
		}
	}()
	rel, err := trs[1].ReleaseDraft(staff, mustDraft(t, trs[0], staff, 0, "AMEMBASSY ROME"))
	if err != nil {
		t.Fatal(err)
	}
	const backlog = 3000
	if err := trs[0].QueueBacklog(admin, rel.CableID, backlog, cable.Routine, scenario.Start); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(by)
		mu.Unlock()
		if n == backlog+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d copies delivered in 60s, with no poll: were the dispatchers woken?", n, backlog+1)
		}
		time.Sleep(10 * time.Millisecond)
	}
	for id, n := range by {
		if n != 1 {
			t.Errorf("copy %d delivered %d times", id, n)
		}
	}
	got, err := trs[0].FindDeliveries(admin, rel.CableID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range got {
		if d.State != cable.DeliveryDelivered {
			t.Errorf("copy %d for %s is %s, want delivered", d.ID, d.Site, d.State)
		}
	}
}

// TestTraffic_NotifyWakesOtherProcess checks that a release through one
// process wakes the other's dispatcher, and that a rolled-back release
// (a refusal) wakes nobody.
func TestTraffic_NotifyWakesOtherProcess(t *testing.T) {
	trs, _, staff := openProcesses(t, 2)
	wake := trs[1].Queued()
	select { // the listener wakes its dispatcher once connected
	case <-wake:
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not connect in 10s")
	}
	bad := &cable.Draft{Origin: "ISN", Text: "no classification\n", Addressees: []cable.Addressee{{PLAD: "AMEMBASSY ROME", Role: cable.RoleTo, Precedence: cable.Flash}}}
	if err := trs[0].CreateDraft(staff, bad); err != nil {
		t.Fatal(err)
	}
	if _, err := trs[0].ReleaseDraft(staff, bad.ID); err == nil {
		t.Fatal("release of a draft without a classification line succeeded")
	}
	select {
	case <-wake:
		t.Fatal("a refused release woke the other process")
	case <-time.After(300 * time.Millisecond):
	}
	start := time.Now()
	if _, err := trs[0].ReleaseDraft(staff, mustDraft(t, trs[0], staff, 1, "AMEMBASSY ROME")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
		t.Logf("woken %s after the release returned", time.Since(start))
	case <-time.After(5 * time.Second):
		t.Fatal("the other process was not woken within 5s of a release")
	}
}

// TestOpen_Together opens one empty schema from four stores at once, as
// processes starting together do: each migration runs once (the advisory
// lock), and every store opens.
func TestOpen_Together(t *testing.T) {
	url := MustTestURL(t)
	first := MustOpenDB(t) // makes the schema and drops it at cleanup
	if err := first.DropSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db := postgres.NewDB(url)
			db.Schema, db.MaxConns = first.Schema, 4
			if errs[i] = db.Open(); errs[i] == nil {
				db.Close()
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: Open() = %v", i, err)
		}
	}
	conn, err := pgxConnect(first)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n, distinct int
	if err := conn.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT version) FROM `+first.Schema+`.schema_migrations`).
		Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	names, _ := postgres.Migrations()
	if n != len(names) || distinct != len(names) {
		t.Errorf("schema_migrations holds %d rows of %d versions, want each of the %d migrations once", n, distinct, len(names))
	}
}
