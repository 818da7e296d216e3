package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

// netSite is one node of "cable demo --sites": its data directory, its
// port, its serve process, and the demo's own handle on its store.
type netSite struct {
	name string // washington, beijing, london
	plad string
	dir  string
	port int
	id   *relay.Identity
	db   *sqlite.DB
	tr   *sqlite.Traffic
	cmd  *exec.Cmd
	log  *os.File
}

func (s *netSite) url() string { return fmt.Sprintf("http://127.0.0.1:%d", s.port) }

// freePort asks the kernel for a loopback port no one uses.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// setUpNetSite gives a site its identity and port, opens its store and
// creates the scenario's users in it.
func setUpNetSite(ctx context.Context, m *Main, s *netSite) error {
	var err error
	if s.id, err = relay.NewIdentity(s.plad); err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return err
	}
	if err := s.id.Save(filepath.Join(s.dir, relay.KeyFile)); err != nil {
		return err
	}
	if s.port, err = freePort(); err != nil {
		return err
	}
	s.db = sqlite.NewDB(filepath.Join(s.dir, sqlite.FileName))
	s.db.Logger, s.db.PasswordIterations = m.Logger, m.Config.PasswordIterations
	if err := s.db.Open(); err != nil {
		return err
	}
	s.tr = sqlite.NewTraffic(s.db)
	s.tr.Site = s.id
	for _, su := range scenario.Users {
		u := &cable.User{Name: su.Name, DisplayName: su.Display, Clearance: "SECRET", Citizenship: "USA", Posts: su.Posts, Roles: su.Roles, Admin: su.Admin}
		if err := s.tr.CreateUser(ctx, u, demoPassword); err != nil {
			return fmt.Errorf("%s: user %s: %w", s.name, su.Name, err)
		}
	}
	return nil
}

// trustAll makes every site trust every other's card.
func trustAll(ctx context.Context, sites []*netSite) error {
	for _, a := range sites {
		for _, b := range sites {
			if a == b {
				continue
			}
			c := relay.NewCard(b.id, b.url(), time.Now())
			if err := a.tr.TrustSite(ctx, &relay.TrustedKey{PLAD: c.PLAD, Key: c.Key, Relay: c.Relay, Card: c.String()}); err != nil {
				return fmt.Errorf("%s trusts %s: %w", a.name, b.name, err)
			}
		}
	}
	return nil
}

// start starts the site's "cable serve" and waits until it answers.
func (s *netSite) start(clock string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if s.log == nil {
		if s.log, err = os.OpenFile(filepath.Join(s.dir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640); err != nil {
			return err
		}
	}
	s.cmd = exec.Command(exe, "serve", "--data", s.dir, "--addr", fmt.Sprintf("127.0.0.1:%d", s.port), "--demo-clock", clock,
		"--poll", "50ms")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start %s's node: %w", s.name, err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := http.Get(s.url() + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	return fmt.Errorf("%s's node did not answer within 20s (see %s)", s.name, filepath.Join(s.dir, "serve.log"))
}

// kill kills the site's node with SIGKILL and reports how it ended.
func (s *netSite) kill() error {
	if err := s.cmd.Process.Kill(); err != nil {
		return err
	}
	err := s.cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		return fmt.Errorf("%s's node ended with %v, not by SIGKILL", s.name, err)
	}
	return nil
}

// stop ends the site's node with SIGTERM, as an operator would.
func (s *netSite) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	if s.db != nil {
		s.db.Close()
	}
	if s.log != nil {
		s.log.Close()
	}
}
