package escalate

import (
	"strings"
	"testing"
)

// TestMessage checks the alert's e-mail: the cable's subject only in the
// body and only when given, and no value able to add a header.
func TestMessage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name           string
		a              Alert
		inBody, absent []string
	}{
		{"subject shown", Alert{Cable: "08STATE1", Precedence: "FLASH", Site: "AMEMBASSY ROME", Level: 1, Subject: "(S) TALKS", Link: "https://c/cables/08STATE1"},
			[]string{"Cable: 08STATE1", "Subject: (S) TALKS", "Acknowledge it at: https://c/cables/08STATE1", "the duty officers"}, nil},
		{"subject withheld", Alert{Cable: "08STATE1", Precedence: "NIACT IMMEDIATE", Site: "AMEMBASSY ROME", Level: 2, Link: "https://c/cables/08STATE1"},
			[]string{"Precedence: NIACT IMMEDIATE", "the post's management"}, []string{"Subject: \r\n", "Subject: (S)"}},
		{"no header injected", Alert{Cable: "08STATE1", Precedence: "FLASH", Site: "ROME\r\nBcc: spy@example.com", Level: 1, Subject: "A\r\nBcc: spy@example.com"},
			[]string{"Subject: A Bcc: spy@example.com"}, []string{"\r\nBcc:"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg := string(message("cable@example.gov", "duty@example.gov", tt.a))
			head, body, ok := strings.Cut(msg, "\r\n\r\n")
			if !ok {
				t.Fatalf("no blank line after the headers:\n%s", msg)
			}
			if tt.a.Subject != "" && strings.Contains(head, oneLine(tt.a.Subject)) {
				t.Errorf("the cable's subject is in a header:\n%s", head)
			}
			for _, w := range tt.inBody {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(msg, w) {
					t.Errorf("message holds %q:\n%s", w, msg)
				}
			}
		})
	}
}
