package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
)

func TestParseWindows(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		settings []string
		want     map[cable.Precedence]time.Duration
		wantErr  bool
	}{
		{"defaults", nil, map[cable.Precedence]time.Duration{cable.Flash: 10 * time.Minute, cable.NiactImmediate: 30 * time.Minute}, false},
		{"flash shorter", []string{"FLASH=5m"}, map[cable.Precedence]time.Duration{cable.Flash: 5 * time.Minute, cable.NiactImmediate: 30 * time.Minute}, false},
		{"niact short word, immediate on", []string{"niact=1h", "IMMEDIATE=2h"},
			map[cable.Precedence]time.Duration{cable.Flash: 10 * time.Minute, cable.NiactImmediate: time.Hour, cable.Immediate: 2 * time.Hour}, false},
		{"off", []string{"FLASH=0"}, map[cable.Precedence]time.Duration{cable.NiactImmediate: 30 * time.Minute}, false},
		{"no equals", []string{"FLASH"}, nil, true},
		{"unknown precedence", []string{"URGENT=5m"}, nil, true},
		{"negative", []string{"FLASH=-5m"}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parseWindows(tt.settings, delivery.DefaultAckTimeout, "ack-window")
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got := map[cable.Precedence]time.Duration{}
			for _, p := range []cable.Precedence{cable.Flash, cable.NiactImmediate, cable.Immediate, cable.Priority, cable.Routine} {
				if d := f(p); d != 0 {
					got[p] = d
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("windows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRoster(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, text string
		want       map[string]string
		wantErr    bool
	}{
		{"names and comments", "# Rome\nrome-duty duty@rome.example\n\nrome-boss  boss@rome.example # DCM\n",
			map[string]string{"rome-duty": "duty@rome.example", "rome-boss": "boss@rome.example"}, false},
		{"no address", "rome-duty\n", nil, true},
		{"not an address", "rome-duty rome\n", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "roster")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readRoster(path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); err == nil && diff != "" {
				t.Errorf("roster (-want +got):\n%s", diff)
			}
		})
	}
}
