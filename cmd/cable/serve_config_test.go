package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestApplySettings checks the precedence of serve's settings: flag, then
// CABLE_* variable, then config file, then default; and that a file's
// mistakes are named.
func TestApplySettings(t *testing.T) {
	t.Parallel()
	type got struct {
		Addr    string
		Timeout time.Duration
		TwoP    bool
		Windows []string
	}
	for _, tt := range []struct {
		name    string
		args    []string
		env     map[string]string
		file    string
		want    got
		wantErr string
	}{
		{"defaults", nil, nil, "", got{":8080", 5 * time.Second, true, nil}, ""},
		{"file", nil, nil, "addr = \":9000\"\nsearch-timeout = \"2s\"\ntwo_person = false\nack-window = [\"FLASH=5m\", \"NIACT=20m\"]\n",
			got{":9000", 2 * time.Second, false, []string{"FLASH=5m", "NIACT=20m"}}, ""},
		{"variable over file", nil, map[string]string{"CABLE_ADDR": ":7000", "CABLE_ACK_WINDOW": "FLASH=1m, NIACT=2m"},
			"addr = \":9000\"\nack-window = [\"FLASH=5m\"]\n", got{":7000", 5 * time.Second, true, []string{"FLASH=1m", "NIACT=2m"}}, ""},
		{"flag over variable and file", []string{"--addr", ":6000", "--ack-window", "FLASH=3m"}, map[string]string{"CABLE_ADDR": ":7000"},
			"addr = \":9000\"\nack-window = [\"FLASH=5m\"]\n", got{":6000", 5 * time.Second, true, []string{"FLASH=3m"}}, ""},
		{"unknown key", nil, nil, "adress = \":9000\"\n", got{}, "adress is no setting of cable serve"},
		{"array for one value", nil, nil, "addr = [\":1\", \":2\"]\n", got{}, "addr: an array, but the setting takes one value"},
		{"bad duration", nil, nil, "search-timeout = 5\n", got{}, "search-timeout"},
		{"bad variable", nil, map[string]string{"CABLE_TWO_PERSON": "maybe"}, "", got{}, "$CABLE_TWO_PERSON"},
		{"not toml", nil, nil, "addr = \n", got{}, "config file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			var g got
			var windows listFlag
			fs.StringVar(&g.Addr, "addr", ":8080", "")
			fs.DurationVar(&g.Timeout, "search-timeout", 5*time.Second, "")
			fs.BoolVar(&g.TwoP, "two-person", true, "")
			fs.Var(&windows, "ack-window", "")
			fs.String("config", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			path := ""
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), "cable.toml")
				if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := applySettings(fs, func(k string) string { return tt.env[k] }, path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			g.Windows = windows
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOperationsDoc_Settings checks that docs/operations.md's table of
// settings names every flag of cable serve, with its variable.
func TestOperationsDoc_Settings(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	r := runMainIO(t, nil, "", "serve", "--help")
	flags := regexp.MustCompile(`(?m)^  -([a-z0-9-]+)`).FindAllStringSubmatch(r.stderr, -1)
	if len(flags) < 20 {
		t.Fatalf("serve --help lists %d flags:\n%s", len(flags), r.stderr)
	}
	for _, f := range flags {
		for _, want := range []string{"`--" + f[1] + "`", "`" + envName(f[1]) + "`"} {
			if !strings.Contains(string(doc), want) {
				t.Errorf("docs/operations.md does not name %s", want)
			}
		}
	}
}
