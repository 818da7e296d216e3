package escalate

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Mailer sends alerts by e-mail through an SMTP relay (cable serve
// --smtp-addr), with STARTTLS when the relay offers it and
// authentication when Auth is set.
type Mailer struct {
	// Addr is the relay's host:port.
	Addr string
	// From is the envelope and header sender.
	From string
	// Auth, when set, authenticates (smtp.PlainAuth, which net/smtp only
	// sends over TLS or to localhost).
	Auth smtp.Auth
	// Timeout bounds one message, dial to QUIT; 30 s when zero.
	Timeout time.Duration
}

// Send mails a to one address.
func (m *Mailer) Send(ctx context.Context, to string, a Alert) error {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	defer c.Close()
	if err := m.session(c, host, to, message(m.From, to, a)); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	return nil
}

// session runs one message's SMTP conversation on c.
func (m *Mailer) session(c *smtp.Client, host, to string, msg []byte) error {
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if m.Auth != nil {
		if err := c.Auth(m.Auth); err != nil {
			return err
		}
	}
	if err := c.Mail(m.From); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message is the alert's e-mail: the same fields as the webhook's, the
// subject (when the recipient may see it) in the body only, since mail
// headers are copied into more places than bodies.
func message(from, to string, a Alert) []byte {
	var b strings.Builder
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(v)) }
	header("From", from)
	header("To", to)
	header("Subject", fmt.Sprintf("%s %s not acknowledged at %s (level %d)", a.Precedence, a.Cable, a.Site, a.Level))
	header("Date", time.Now().UTC().Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	b.WriteString("\r\n")
	who := "the duty officers"
	if a.Level >= 2 {
		who = "the post's management"
	}
	fmt.Fprintf(&b, "A %s cable delivered to %s at %s is not acknowledged; this alert goes to %s.\r\n\r\n",
		oneLine(a.Precedence), oneLine(a.Site), a.DeliveredAt, who)
	fmt.Fprintf(&b, "Cable: %s\r\nPrecedence: %s\r\n", oneLine(a.Cable), oneLine(a.Precedence))
	if a.Subject != "" {
		fmt.Fprintf(&b, "Subject: %s\r\n", oneLine(a.Subject))
	}
	fmt.Fprintf(&b, "Acknowledge it at: %s\r\n", oneLine(a.Link))
	return []byte(b.String())
}

// oneLine folds line breaks to spaces, so that no value adds a header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}
