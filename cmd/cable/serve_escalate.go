package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"net/smtp"
	"os"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/escalate"
	"github.com/cable/cable/internal/network"
)

// escalateFlagSet holds serve's escalation flags (docs/operations.md):
// the acknowledgement windows, and where the alerts of an unacknowledged
// FLASH or NIACT go.
type escalateFlagSet struct {
	windows, windows2  listFlag
	webhook, roster    *string
	smtpAddr, smtpFrom *string
	smtpUser           *string
}

// escalateFlags defines serve's escalation flags on fs.
func escalateFlags(fs *flag.FlagSet) *escalateFlagSet {
	e := &escalateFlagSet{}
	fs.Var(&e.windows, "ack-window", "escalate to the site's duty officers a copy of `PRECEDENCE=DURATION` not acknowledged that long (default FLASH=10m, NIACT=30m); repeatable")
	fs.Var(&e.windows2, "second-ack-window", "escalate to the post's management a copy still not acknowledged `PRECEDENCE=DURATION` after the duty officers (default: as --ack-window); repeatable")
	e.webhook = fs.String("escalation-webhook", "", "POST each escalation alert as JSON to `URL`")
	e.roster = fs.String("escalation-roster", "", "e-mail addresses of the users escalations alert, one `FILE` line \"name address\" each")
	e.smtpAddr = fs.String("smtp-addr", "", "send escalation alerts by e-mail through the SMTP relay at `HOST:PORT`")
	e.smtpFrom = fs.String("smtp-from", "cable@localhost", "the e-mail alerts' sender `ADDRESS`")
	e.smtpUser = fs.String("smtp-user", "", "authenticate to the relay as `NAME`, with the password in $CABLE_SMTP_PASSWORD")
	return e
}

// apply sets cfg's escalation windows and, when a webhook or a relay is
// given, its notifier on tr (a store that can name recipients) with links
// to baseURL.
func (e *escalateFlagSet) apply(m *Main, cfg *network.Config, baseURL string) (*escalate.Notifier, error) {
	if e == nil {
		return nil, nil
	}
	first, err := parseWindows(e.windows, delivery.DefaultAckTimeout, "ack-window")
	if err != nil {
		return nil, err
	}
	second, err := parseWindows(e.windows2, first, "second-ack-window")
	if err != nil {
		return nil, err
	}
	cfg.AckTimeout, cfg.SecondAckTimeout = first, second
	if *e.webhook == "" && *e.smtpAddr == "" {
		return nil, nil
	}
	store, ok := cfg.Traffic.(escalate.Store)
	if !ok {
		return nil, fmt.Errorf("serve: this archive cannot name whom an escalation alerts (escalate.Store)")
	}
	n := &escalate.Notifier{Store: store, Webhook: *e.webhook, BaseURL: baseURL, Logger: m.Logger, Metrics: m.Metrics}
	if *e.smtpAddr != "" {
		host, _, err := net.SplitHostPort(*e.smtpAddr)
		if err != nil {
			return nil, usageError(fmt.Sprintf("serve: --smtp-addr %q: want HOST:PORT", *e.smtpAddr))
		}
		n.Mail = &escalate.Mailer{Addr: *e.smtpAddr, From: *e.smtpFrom}
		if *e.smtpUser != "" {
			n.Mail.Auth = smtp.PlainAuth("", *e.smtpUser, m.Getenv("CABLE_SMTP_PASSWORD"), host)
		}
		if n.Roster, err = readRoster(*e.roster); err != nil {
			return nil, err
		}
	}
	cfg.Notify = n.Notify
	return n, nil
}

// parseWindows reads PRECEDENCE=DURATION settings over def.
func parseWindows(settings []string, def func(cable.Precedence) time.Duration, flagName string) (func(cable.Precedence) time.Duration, error) {
	if len(settings) == 0 {
		return def, nil
	}
	set := map[cable.Precedence]time.Duration{}
	for _, s := range settings {
		word, dur, ok := strings.Cut(s, "=")
		p, perr := cable.ParsePrecedence(word)
		d, derr := time.ParseDuration(dur)
		if !ok || perr != nil || derr != nil || d < 0 {
			return nil, usageError(fmt.Sprintf("serve: --%s %q: want PRECEDENCE=DURATION such as FLASH=10m (0 never escalates)", flagName, s))
		}
		set[p] = d
	}
	return func(p cable.Precedence) time.Duration {
		if d, ok := set[p]; ok {
			return d
		}
		return def(p)
	}, nil
}

// readRoster reads "name address" lines; blank lines and # comments are
// skipped. An empty path is an empty roster.
func readRoster(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("escalation roster: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
		case len(fields) == 2 && strings.Contains(fields[1], "@"):
			out[fields[0]] = fields[1]
		default:
			return nil, fmt.Errorf("escalation roster %s:%d: want \"name address\"", path, n)
		}
	}
	return out, sc.Err()
}

// publicURL is the base of the links alerts carry: --relay-url, the URL
// other sites and people reach this server at, else the address served.
func publicURL(m *Main, addr string) string {
	if m.Config.RelayURL != "" {
		return m.Config.RelayURL
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	scheme := "http://"
	if m.Config.Guard.TLSCert != "" || m.Config.Guard.SelfSigned {
		scheme = "https://"
	}
	return scheme + net.JoinHostPort(host, port)
}
