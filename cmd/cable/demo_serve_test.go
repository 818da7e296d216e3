package main

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The README's main job, demo --serve, serves searches from the portion
// engine as serve does: without it every search read FTS5, whose time
// depends on withheld text (docs/access.md).
func TestDemoServe_SearchEngine(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CABLE_DATA": t.TempDir()}
	out, errs := &syncBuffer{}, &syncBuffer{}
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errs,
		Getenv: func(k string) string { return env[k] },
		Logger: slog.New(slog.NewTextHandler(errs, nil)),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"demo", "--serve", "--quiet", "--addr", "127.0.0.1:0", "--corpus", ""})
	}()
	waitForMatch(t, errs, regexp.MustCompile(`msg=serving url=(http://\S+)`))
	waitForMatch(t, errs, regexp.MustCompile(`msg="search engine: built" cables=(\d+)`))
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("demo --serve returned %v after the signal, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo --serve did not stop")
	}
}
