package delivery_test

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
)

// The kill test on PostgreSQL: two processes (this test binary,
// re-executed with pgCrashEnv set) release and drain one outbox in one
// database; one of them is killed with SIGKILL while it drains, the other
// takes over what it held, and the dead one is restarted, several times.
// In the end every draft was released once, every copy delivered, and no
// copy was logged as delivered by either process twice.
const pgCrashEnv = "CABLE_DELIVERY_PG_CRASH" // schema, tab, log file

// pgKills is how many times one of the two processes is killed.
const pgKills = 6

// pgURL returns the test database (CABLE_TEST_POSTGRES), skipping the test
// when it is unset unless CABLE_REQUIRE_POSTGRES makes that a failure.
func pgURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("CABLE_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CABLE_REQUIRE_POSTGRES") != "" {
			t.Fatal("CABLE_TEST_POSTGRES is not set, and CABLE_REQUIRE_POSTGRES says the PostgreSQL tests must run")
		}
		t.Skip("CABLE_TEST_POSTGRES is not set")
	}
	return url
}

// openPG opens the traffic service in schema, creating its users (as
// openTraffic does) when create is set.
func openPG(t *testing.T, url, schema string, create bool) (*postgres.Traffic, context.Context, context.Context) {
	t.Helper()
	db := postgres.NewDB(url)
	db.Schema, db.Logger, db.PasswordIterations, db.MaxConns = schema, quiet, 1000, 4
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	tr := postgres.NewTraffic(db)
	t.Cleanup(func() { tr.Close() })
	users := []*cable.User{
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	}
	for i, u := range users {
		var err error
		if create {
			err = tr.CreateUser(context.Background(), u, "password1")
		} else {
			users[i], err = tr.FindUserByName(context.Background(), u.Name)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return tr, cable.NewContextWithUser(context.Background(), users[0]), cable.NewContextWithUser(context.Background(), users[1])
}

// TestPGCrashChild is one of the two processes: it releases the cleared
// drafts (a draft the other process released first is a Conflict, and
// skipped) while its dispatcher delivers, logs the id of every copy it
// delivers, and exits when nothing is left to do.
func TestPGCrashChild(t *testing.T) {
	env := os.Getenv(pgCrashEnv)
	if env == "" {
		t.Skip("run by TestDispatcher_KillOneOfTwo")
	}
	schema, logPath, _ := strings.Cut(env, "\t")
	tr, _, staff := openPG(t, pgURL(t), schema, false)
	log, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	d := &delivery.Dispatcher{Store: tr, Logger: quiet, Batch: 8, PollInterval: 5 * time.Millisecond,
		OnDeliver: func(ds []*cable.Delivery) {
			for _, x := range ds {
				fmt.Fprintf(log, "%d\n", x.ID) // unbuffered: a kill loses at most this line
			}
		}}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for {
		pending, err := tr.FindDrafts(staff, cable.DraftFilter{State: cable.DraftCleared})
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) == 0 {
			break
		}
		for i := len(pending) - 1; i >= 0; i-- { // oldest first
			if _, err := tr.ReleaseDraft(staff, pending[i].ID); err != nil && cable.KindOf(err) != cable.Conflict {
				t.Fatal(err)
			}
		}
	}
	for queued(t, tr) > 0 {
		time.Sleep(5 * time.Millisecond)
	}
	d.Stop()
}

// pgChild is a running child process and its delivery log.
type pgChild struct {
	cmd *exec.Cmd
	log string
}

func startPGChild(t *testing.T, schema, log string) *pgChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPGCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), pgCrashEnv+"="+schema+"\t"+log)
	out, err := os.OpenFile(log+".child.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &pgChild{cmd: cmd, log: log}
}

// TestDispatcher_KillOneOfTwo kills one of two processes draining one
// PostgreSQL outbox, pgKills times, each after it has delivered something
// and at a random point after that; checks that the other delivers again
// within the dispatcher's lease (the rows the dead one held are free as
// soon as PostgreSQL drops its connection); restarts the dead one; and
// checks the end state: 0 lost, 0 doubled. The seed is logged;
// CABLE_TEST_SEED=N replays a run.
func TestDispatcher_KillOneOfTwo(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts processes")
	}
	t.Parallel()
	url := pgURL(t)
	schema := pgSchema(t, url)
	tr, admin, staff := openPG(t, url, schema, true)
	rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Routine, "AMEMBASSY TOKYO"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.QueueBacklog(admin, rel.CableID, crashBacklog, cable.Routine, time.Now()); err != nil {
		t.Fatal(err)
	}
	precs := []cable.Precedence{cable.Routine, cable.Priority, cable.Immediate, cable.Flash}
	for i := 1; i <= crashDrafts; i++ {
		draft(t, tr, staff, i, precs[i%len(precs)], crashSites...)
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 15))
	dir := t.TempDir()
	children := []*pgChild{startPGChild(t, schema, filepath.Join(dir, "a")), startPGChild(t, schema, filepath.Join(dir, "b"))}
	for round := range pgKills {
		victim, other := children[round%2], children[1-round%2]
		delay := time.Duration(rng.IntN(150)) * time.Millisecond
		if err := killAfterProgress(victim.cmd, victim.log, delay); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		left := queued(t, tr)
		if left == 0 {
			t.Fatalf("round %d: the kill came after all the work was done: the test needs more work", round)
		}
		took, err := takeover(other.log, delivery.DefaultLease)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		t.Logf("round %d: killed %s after its first delivery, %d copies left; the other delivered again after %s", round, delay, left, took)
		children[round%2] = startPGChild(t, schema, victim.log)
	}
	for _, c := range children {
		if err := c.cmd.Wait(); err != nil {
			b, _ := os.ReadFile(c.log + ".child.log")
			t.Fatalf("final run: child failed: %v\n%s", err, b)
		}
	}
	checkExactlyOnce(t, tr, staff, children[0].log, children[1].log)
}

// takeover waits until the log at path grows, for at most limit, and
// returns how long that took.
func takeover(path string, limit time.Duration) (time.Duration, error) {
	start, size := time.Now(), fileSize(path)
	for fileSize(path) == size {
		if time.Since(start) > limit {
			return 0, fmt.Errorf("the surviving process delivered nothing within %s", limit)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start), nil
}

// pgSchema returns a new schema name, dropped with its tables at cleanup.
func pgSchema(t *testing.T, url string) string {
	b := make([]byte, 8)
	crand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}
