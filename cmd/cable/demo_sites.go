package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

// siteRouter is the scenario's services across the demo's nodes: each
// step is taken at the node of the post of the person taking it (Beijing's
// people at Beijing's node, everyone else at Washington's).
type siteRouter struct {
	*sqlite.Traffic // Washington
	beijing         *sqlite.Traffic
}

func (r *siteRouter) at(ctx context.Context) *sqlite.Traffic {
	if u := cable.UserFromContext(ctx); u != nil && slices.Contains(u.Posts, "AMEMBASSY BEIJING") {
		return r.beijing
	}
	return r.Traffic
}

func (r *siteRouter) SetSerial(ctx context.Context, plad string, year, last int) error {
	if plad == "AMEMBASSY BEIJING" {
		return r.beijing.SetSerial(ctx, plad, year, last)
	}
	return r.Traffic.SetSerial(ctx, plad, year, last)
}
func (r *siteRouter) CreateDraft(ctx context.Context, d *cable.Draft) error {
	return r.at(ctx).CreateDraft(ctx, d)
}
func (r *siteRouter) ReleaseDraft(ctx context.Context, id int64) (*cable.Release, error) {
	return r.at(ctx).ReleaseDraft(ctx, id)
}
func (r *siteRouter) Inbox(ctx context.Context, f cable.InboxFilter) ([]*cable.InboxItem, error) {
	return r.at(ctx).Inbox(ctx, f)
}
func (r *siteRouter) Acknowledge(ctx context.Context, id, site string) ([]*cable.Delivery, error) {
	return r.at(ctx).Acknowledge(ctx, id, site)
}

// sitesDemo is one play of the seed across three nodes.
type sitesDemo struct {
	m       *Main
	sites   []*netSite // washington, beijing, london
	clock   string
	killed  bool
	relayed map[string]*netSite // cable → its origin
}

// runSitesDemo plays the seed across three "cable serve" processes.
func runSitesDemo(ctx context.Context, m *Main, data string, quiet bool) error {
	d := &sitesDemo{m: m, clock: filepath.Join(data, "clock"), relayed: map[string]*netSite{}}
	for _, s := range []struct{ name, plad string }{{"washington", "SECSTATE WASHDC"}, {"beijing", "AMEMBASSY BEIJING"}, {"london", "AMEMBASSY LONDON"}} {
		d.sites = append(d.sites, &netSite{name: s.name, plad: s.plad, dir: filepath.Join(data, s.name)})
	}
	defer func() {
		for _, s := range d.sites {
			s.stop()
		}
	}()
	if err := os.MkdirAll(data, 0o750); err != nil {
		return err
	}
	if err := setFileClock(d.clock, scenario.Start); err != nil {
		return err
	}
	for _, s := range d.sites {
		if err := setUpNetSite(ctx, m, s); err != nil {
			return err
		}
		s.db.Now = fileClock(d.clock)
	}
	if err := trustAll(ctx, d.sites); err != nil {
		return err
	}
	for _, s := range d.sites {
		if err := s.start(d.clock); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s: %s serving on %s (key %s)\n", s.name, s.plad, s.url(), s.id.KeyID())
	}
	logf := func(format string, args ...any) { fmt.Fprintf(m.Stdout, format+"\n", args...) }
	if quiet {
		logf = func(string, ...any) {}
	}
	res, err := scenario.Play(ctx, scenario.Config{
		Services: &siteRouter{Traffic: d.sites[0].tr, beijing: d.sites[1].tr},
		SetTime:  func(t time.Time) { setFileClock(d.clock, t) },
		Deliver:  func(ctx context.Context, rel *cable.Release) error { return d.deliver(ctx, rel, logf) },
		Logf:     logf,
		Password: demoPassword,
		Info:     []string{"AMEMBASSY LONDON"},
	})
	if err != nil {
		return err
	}
	return d.check(ctx, res)
}

// origin returns the node that released a cable.
func (d *sitesDemo) origin(rel *cable.Release) *netSite {
	for _, s := range d.sites {
		if sealed, _ := s.tr.Envelope(context.Background(), rel.CableID); sealed != nil && sealed.Envelope.Origin == s.plad {
			return s
		}
	}
	return d.sites[0]
}

// deliver waits until every copy of a release is delivered at its
// destination and its delivered receipt is back at the origin. The first
// time, it kills Beijing's node with the copy in flight and restarts it.
func (d *sitesDemo) deliver(ctx context.Context, rel *cable.Release, logf func(string, ...any)) error {
	o := d.origin(rel)
	d.relayed[rel.CableID] = o
	if !d.killed {
		d.killed = true
		b := d.sites[1]
		if err := b.kill(); err != nil {
			return err
		}
		logf("  SIGKILL: Beijing's node (pid %d) is killed with the copy in flight", b.cmd.Process.Pid)
		time.Sleep(700 * time.Millisecond)
		if err := b.start(d.clock); err != nil {
			return err
		}
		logf("  Beijing's node restarts on %s", b.url())
	}
	admin, err := o.tr.FindUserByName(ctx, "admin")
	if err != nil {
		return err
	}
	actx := cable.NewContextWithUser(ctx, admin)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ds, err := o.tr.FindDeliveries(actx, rel.CableID)
		if err != nil {
			return err
		}
		if done, msg := d.settled(ctx, ds); done {
			for _, x := range ds {
				logf("  %s: %s %s, delivered %s (receipt signed by %s)", x.Site, x.Role, x.Precedence,
					x.DeliveredAt.Format("2006-01-02 15:04:05Z"), orHere(x.DeliveredBy))
			}
			return nil
		} else if time.Now().After(deadline) {
			return fmt.Errorf("%s not delivered within 30s: %s", rel.CableID, msg)
		}
	}
}

func orHere(s string) string {
	if s == "" {
		return "here"
	}
	return s
}

// settled reports whether every copy is delivered at the origin's view,
// and, for relayed ones, in the destination's store too.
func (d *sitesDemo) settled(ctx context.Context, ds []*cable.Delivery) (bool, string) {
	for _, x := range ds {
		if x.State != cable.DeliveryDelivered {
			return false, fmt.Sprintf("%s is %s (%s)", x.Site, x.State, x.LastError)
		}
		if x.Relay == "" {
			continue
		}
		dest := d.byPLAD(x.Relay)
		admin, _ := dest.tr.FindUserByName(ctx, "admin")
		there, err := dest.tr.FindDeliveries(cable.NewContextWithUser(ctx, admin), x.CableID)
		if err != nil {
			return false, err.Error()
		}
		for _, y := range there {
			if y.State != cable.DeliveryDelivered {
				return false, fmt.Sprintf("%s at %s is %s", y.Site, dest.name, y.State)
			}
		}
	}
	return true, ""
}

func (d *sitesDemo) byPLAD(plad string) *netSite {
	for _, s := range d.sites {
		if s.plad == plad {
			return s
		}
	}
	return d.sites[0]
}

// check waits for the last receipts, verifies every receipt at every
// origin, counts copies lost and duplicated, and prints the closing line.
func (d *sitesDemo) check(ctx context.Context, res *scenario.Result) error {
	var verified, lost, dup, want int
	var problems []string
	deadline := time.Now().Add(30 * time.Second)
	for id, o := range d.relayed {
		admin, err := o.tr.FindUserByName(ctx, "admin")
		if err != nil {
			return err
		}
		actx := cable.NewContextWithUser(ctx, admin)
		ds, err := o.tr.FindDeliveries(actx, id)
		if err != nil {
			return err
		}
		for _, x := range ds {
			if x.Relay == "" {
				continue
			}
			want += 2
			if x.Role == cable.RoleTo && x.Site == "AMEMBASSY BEIJING" { // Beijing's duty officer acknowledges
				want++
				for x.AckedBy == "" && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
					fresh, _ := o.tr.FindDeliveries(actx, id)
					for _, f := range fresh {
						if f.Site == x.Site {
							x = f
						}
					}
				}
			}
			if x.State != cable.DeliveryDelivered {
				lost++
			}
			dup += d.copiesAt(ctx, d.byPLAD(x.Relay), id, x.Site) - 1
		}
		rs, err := o.tr.Receipts(ctx, id)
		if err != nil {
			return err
		}
		for _, r := range rs {
			k, err := o.tr.TrustedKey(ctx, r.Signer)
			if err == nil {
				err = r.Verify(k.Key)
			}
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			verified++
		}
	}
	if verified != want {
		problems = append(problems, fmt.Sprintf("%d receipts verified, want %d", verified, want))
	}
	for _, a := range res.Actions {
		if a.State != cable.ActionAnswered {
			problems = append(problems, fmt.Sprintf("action %d of %s is %s", a.ID, a.CableID, a.State))
		}
	}
	fmt.Fprintf(d.m.Stdout, "\nsites: %d nodes, %d cables relayed, %d receipts verified, %d lost, %d duplicated\n",
		len(d.sites), len(d.relayed), verified, lost, dup)
	if lost > 0 || dup > 0 || len(problems) > 0 || len(res.Actions) == 0 {
		return fmt.Errorf("the network demo failed: %v", problems)
	}
	return nil
}

// copiesAt counts the copies of a cable for a site held at a node.
func (d *sitesDemo) copiesAt(ctx context.Context, s *netSite, id, site string) int {
	admin, err := s.tr.FindUserByName(ctx, "admin")
	if err != nil {
		return 0
	}
	ds, err := s.tr.FindDeliveries(cable.NewContextWithUser(ctx, admin), id)
	if err != nil {
		return 0
	}
	n := 0
	for _, x := range ds {
		if x.Site == site && x.State == cable.DeliveryDelivered {
			n++
		}
	}
	return n
}

var _ = relay.KeyFile
