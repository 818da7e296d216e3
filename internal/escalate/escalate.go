// Package escalate alerts people when FLASH or NIACT IMMEDIATE traffic is
// not acknowledged in time (docs/operations.md). The delivery dispatcher
// escalates a copy — to the site's duty officers after a first window,
// to the post's management after a second — and hands the copies to
// Notifier.Notify, which alerts each person the store names by webhook
// and by e-mail, and audits every alert with its outcome.
//
// An alert is a pointer, not a copy: it carries the cable's id, its
// precedence, the site, the level, a link to the cable, and its subject
// only when that recipient may see the subject; never text. Reading the
// cable takes a login, where the usual checks apply. A recipient who may
// not know of the cable (not cleared for any of it, not read in to its
// caption) is not alerted at all, as the cable is "not found" for them:
// the audit log says so.
package escalate

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/metrics"
	"github.com/cable/cable/internal/webhook"
)

// KindAlert is the audit log's kind of an escalation alert.
const KindAlert = "escalation-alert"

// Store is what a notifier asks of the traffic store (sqlite.Traffic).
type Store interface {
	// EscalationRecipients returns who an escalation of a copy for site
	// at level (1 duty officers, 2 management) alerts.
	EscalationRecipients(ctx context.Context, site string, level int) ([]*cable.User, error)
	// SubjectFor returns the cable's subject as u may see it ("" when
	// u may not), and whether u may know of the cable at all.
	SubjectFor(ctx context.Context, u *cable.User, id string) (subject string, knows bool, err error)
	// AuditEscalation writes an alert and its outcome to the audit log.
	AuditEscalation(ctx context.Context, kind, cableID, detail string) error
}

// Alert is what one recipient is told of one escalated copy: the webhook's
// JSON document, and the e-mail's fields.
type Alert struct {
	Cable       string `json:"cable"`
	Precedence  string `json:"precedence"`
	Site        string `json:"site"`
	Level       int    `json:"level"`
	Recipient   string `json:"recipient"`
	DeliveredAt string `json:"delivered_at"`
	// Subject is empty when the recipient may not see it.
	Subject string `json:"subject,omitempty"`
	Link    string `json:"link"`
}

// Notifier alerts the people of an escalation.
type Notifier struct {
	Store Store
	// Webhook, when set, is posted one Alert per recipient.
	Webhook string
	// Mail, when set, sends each recipient with an address in Roster an
	// e-mail.
	Mail *Mailer
	// Roster maps user names to e-mail addresses (cable serve
	// --escalation-roster); a recipient without one gets no e-mail, and
	// the audit log says so.
	Roster map[string]string
	// BaseURL is the server's public URL, for the alert's link.
	BaseURL string
	Logger  *slog.Logger
	Metrics *metrics.Metrics
	Client  *http.Client

	wg    sync.WaitGroup
	once  sync.Once
	slots chan struct{} // one a batch of alerts under way
}

// MaxAlertBatches bounds the batches of alerts under way at once: a
// webhook or mail server that hangs must not pile up goroutines without
// end while the dispatcher goes on escalating.
const MaxAlertBatches = 16

// Notify alerts the recipients of the copies escalated to level, in the
// background so that the dispatcher goes on delivering; Wait waits for it.
// It has delivery.Dispatcher.Notify's signature. When MaxAlertBatches are
// under way, the copies are not alerted: the log and the audit log say
// so, and the next escalation level goes on as scheduled.
func (n *Notifier) Notify(ctx context.Context, level int, ds []*cable.Delivery) {
	n.once.Do(func() { n.slots = make(chan struct{}, MaxAlertBatches) })
	select {
	case n.slots <- struct{}{}:
	default:
		for _, d := range ds {
			n.logger().Error("escalation: too many alerts under way; not alerted", "cable", d.CableID, "site", d.Site, "level", level)
			n.Metrics.Notice("queue", "dropped")
			n.audit(ctx, d, fmt.Sprintf("level %d %s at %s: not alerted: %d batches of alerts under way", level, d.Precedence, d.Site, MaxAlertBatches))
		}
		return
	}
	n.wg.Add(1)
	go func() {
		defer func() { <-n.slots; n.wg.Done() }()
		ctx := context.WithoutCancel(ctx) // an alert begun is finished, even at shutdown
		for _, d := range ds {
			n.notifyCopy(ctx, level, d)
		}
	}()
}

// Wait waits for the alerts under way; nil waits for nothing.
func (n *Notifier) Wait() {
	if n != nil {
		n.wg.Wait()
	}
}

// notifyCopy alerts the recipients of one escalated copy.
func (n *Notifier) notifyCopy(ctx context.Context, level int, d *cable.Delivery) {
	us, err := n.Store.EscalationRecipients(ctx, d.Site, level)
	if err != nil {
		n.logger().Error("escalation: recipients", "cable", d.CableID, "site", d.Site, "err", err)
		return
	}
	if len(us) == 0 {
		n.audit(ctx, d, fmt.Sprintf("level %d %s at %s: nobody to alert", level, d.Precedence, d.Site))
		return
	}
	n.Metrics.Escalated(d.Precedence, level)
	for _, u := range us {
		subject, knows, err := n.Store.SubjectFor(ctx, u, d.CableID)
		if err != nil {
			n.logger().Error("escalation: subject", "cable", d.CableID, "err", err)
			knows = false // not alerted when in doubt
		}
		if !knows {
			n.audit(ctx, d, fmt.Sprintf("level %d %s at %s to %s: not alerted: may not know of the cable", level, d.Precedence, d.Site, u.Name))
			continue
		}
		a := Alert{Cable: d.CableID, Precedence: d.Precedence.String(), Site: d.Site, Level: level, Recipient: u.Name,
			DeliveredAt: d.DeliveredAt.UTC().Format(time.RFC3339), Subject: subject, Link: n.link(d.CableID)}
		n.send(ctx, d, u, a)
	}
}

// send alerts one recipient by each channel configured and audits each
// outcome.
func (n *Notifier) send(ctx context.Context, d *cable.Delivery, u *cable.User, a Alert) {
	what := fmt.Sprintf("level %d %s at %s to %s", a.Level, a.Precedence, a.Site, u.Name)
	if n.Webhook != "" {
		err := webhook.Post(ctx, n.Client, n.Webhook, a)
		n.outcome(ctx, d, what, "webhook", err)
	}
	if n.Mail == nil {
		return
	}
	addr := n.Roster[u.Name]
	if addr == "" {
		n.audit(ctx, d, what+" by email: no address in the roster")
		return
	}
	n.outcome(ctx, d, what+" <"+addr+">", "email", n.Mail.Send(ctx, addr, a))
}

// outcome counts, logs and audits one alert's outcome on a channel.
func (n *Notifier) outcome(ctx context.Context, d *cable.Delivery, what, channel string, err error) {
	if err != nil {
		n.Metrics.Notice(channel, "failed")
		n.logger().Error("escalation alert failed", "cable", d.CableID, "channel", channel, "err", err)
		n.audit(ctx, d, fmt.Sprintf("%s by %s: failed: %v", what, channel, err))
		return
	}
	n.Metrics.Notice(channel, "sent")
	n.audit(ctx, d, fmt.Sprintf("%s by %s: sent", what, channel))
}

func (n *Notifier) audit(ctx context.Context, d *cable.Delivery, detail string) {
	if err := n.Store.AuditEscalation(ctx, KindAlert, d.CableID, detail); err != nil {
		n.logger().Error("escalation: audit", "cable", d.CableID, "err", err)
	}
}

// link is the URL of the cable's page on this server.
func (n *Notifier) link(id string) string {
	return strings.TrimSuffix(n.BaseURL, "/") + "/cables/" + id
}

func (n *Notifier) logger() *slog.Logger {
	if n.Logger == nil {
		return slog.Default()
	}
	return n.Logger
}
