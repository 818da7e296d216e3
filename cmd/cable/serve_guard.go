package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
)

// guardOptions are cable serve's insider-threat settings
// (docs/security.md).
type guardOptions struct {
	Budget       cable.ReadBudget
	RoleBudgets  map[cable.RoleKind]cable.ReadBudget
	AlertWebhook string
	TwoPerson    bool
	IdleTimeout  time.Duration
	SessionTTL   time.Duration
	TLSCert      string
	TLSKey       string
	SelfSigned   bool
}

// guardFlagSet holds the flags' values until they are checked.
type guardFlagSet struct {
	hour, day  *int
	roles      listFlag
	webhook    *string
	twoPerson  *bool
	idle, ttl  *time.Duration
	cert, key  *string
	selfSigned *bool
}

// guardFlags defines serve's insider-threat flags on fs.
func guardFlags(fs *flag.FlagSet) *guardFlagSet {
	g := &guardFlagSet{}
	g.hour = fs.Int("read-budget-hour", cable.DefaultReadBudget.Hour, "distinct cables a reader may read in full in a rolling `hour`")
	g.day = fs.Int("read-budget-day", cable.DefaultReadBudget.Day, "distinct cables a reader may read in full in a rolling `day`")
	fs.Var(&g.roles, "role-budget", "the budget of a traffic role's holders, `KIND=HOUR/DAY` (duty-officer=400/2000); repeatable")
	g.webhook = fs.String("alert-webhook", "", "POST each security alert as JSON to `URL`")
	g.twoPerson = fs.Bool("two-person", true, "a change of a user's access waits for a second administrator's approval")
	g.idle = fs.Duration("idle-timeout", server.DefaultIdleTimeout, "end a session after `DURATION` without a request")
	g.ttl = fs.Duration("session-ttl", server.DefaultSessionTTL, "end a session `DURATION` after login")
	g.cert = fs.String("tls-cert", "", "serve HTTPS with the certificate in `FILE` (PEM)")
	g.key = fs.String("tls-key", "", "the private key of --tls-cert, in `FILE` (PEM)")
	g.selfSigned = fs.Bool("tls-self-signed", false, "serve HTTPS with a self-signed certificate made and kept in the data directory")
	return g
}

// options checks the flags.
func (g *guardFlagSet) options() (guardOptions, error) {
	o := guardOptions{Budget: cable.ReadBudget{Hour: *g.hour, Day: *g.day}, AlertWebhook: *g.webhook,
		TwoPerson: *g.twoPerson, IdleTimeout: *g.idle, SessionTTL: *g.ttl, TLSCert: *g.cert, TLSKey: *g.key, SelfSigned: *g.selfSigned}
	if o.Budget.Hour <= 0 || o.Budget.Day <= 0 {
		return o, usageError("serve: --read-budget-hour and --read-budget-day: want positive counts")
	}
	if (o.TLSCert == "") != (o.TLSKey == "") || (o.SelfSigned && o.TLSCert != "") {
		return o, usageError("serve: give --tls-cert and --tls-key together, or --tls-self-signed alone")
	}
	if o.IdleTimeout <= 0 || o.SessionTTL <= 0 {
		return o, usageError("serve: --idle-timeout and --session-ttl: want positive durations such as 30m")
	}
	for _, r := range g.roles {
		kind, b, err := parseRoleBudget(r)
		if err != nil {
			return o, err
		}
		if o.RoleBudgets == nil {
			o.RoleBudgets = map[cable.RoleKind]cable.ReadBudget{}
		}
		o.RoleBudgets[kind] = b
	}
	return o, nil
}

// parseRoleBudget reads KIND=HOUR/DAY.
func parseRoleBudget(s string) (cable.RoleKind, cable.ReadBudget, error) {
	kind, counts, ok := strings.Cut(s, "=")
	h, d, ok2 := strings.Cut(counts, "/")
	hour, err1 := strconv.Atoi(h)
	day, err2 := strconv.Atoi(d)
	k := cable.RoleKind(kind)
	known := k == cable.RoleDrafter || k == cable.RoleClearer || k == cable.RoleReleaser || k == cable.RoleDutyOfficer
	if !ok || !ok2 || err1 != nil || err2 != nil || hour <= 0 || day <= 0 || !known {
		return "", cable.ReadBudget{}, usageError(fmt.Sprintf("serve: --role-budget %q: want KIND=HOUR/DAY, e.g. duty-officer=400/2000", s))
	}
	return k, cable.ReadBudget{Hour: hour, Day: day}, nil
}

// apply sets the options on s; a self-signed certificate is made in (or
// read from) dataDir.
func (o guardOptions) apply(s *server.Server, dataDir string) error {
	s.ReadBudget, s.RoleBudgets, s.AlertWebhook = o.Budget, o.RoleBudgets, o.AlertWebhook
	s.TwoPerson, s.IdleTimeout, s.SessionTTL = o.TwoPerson, o.IdleTimeout, o.SessionTTL
	s.TLSCert, s.TLSKey = o.TLSCert, o.TLSKey
	if o.SelfSigned {
		cert, key, err := server.SelfSignedCert(dataDir)
		if err != nil {
			return err
		}
		s.TLSCert, s.TLSKey = cert, key
	}
	return nil
}
