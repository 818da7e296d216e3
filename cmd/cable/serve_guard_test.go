package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

func TestServeGuardFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    guardOptions
		wantErr string
	}{
		{"defaults", nil, guardOptions{Budget: cable.DefaultReadBudget, TwoPerson: true, IdleTimeout: 30 * time.Minute, SessionTTL: 12 * time.Hour}, ""},
		{"role budget and no two-person", []string{"--role-budget", "duty-officer=400/2000", "--two-person=false", "--read-budget-hour", "50"},
			guardOptions{Budget: cable.ReadBudget{Hour: 50, Day: 1000}, IdleTimeout: 30 * time.Minute, SessionTTL: 12 * time.Hour,
				RoleBudgets: map[cable.RoleKind]cable.ReadBudget{cable.RoleDutyOfficer: {Hour: 400, Day: 2000}}}, ""},
		{"unknown role", []string{"--role-budget", "boss=1/2"}, guardOptions{}, "want KIND=HOUR/DAY"},
		{"cert without key", []string{"--tls-cert", "c.pem"}, guardOptions{}, "--tls-cert and --tls-key together"},
		{"self-signed and cert", []string{"--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"}, guardOptions{}, "--tls-self-signed alone"},
		{"zero budget", []string{"--read-budget-day", "0"}, guardOptions{}, "want positive counts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			g := guardFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got, err := g.options()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}
