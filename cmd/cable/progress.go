package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress reports long work: a bar with rate and ETA redrawn in place on a
// terminal, plain lines at most every two seconds otherwise (CI logs).
type progress struct {
	w          io.Writer
	label      string
	total, n   int
	start      time.Time
	last       time.Time
	tty        bool
	everyPlain time.Duration
}

func newProgress(w io.Writer, label string, total int) *progress {
	p := &progress{w: w, label: label, total: total, start: time.Now(), everyPlain: 2 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// add records n more items done.
func (p *progress) add(n int) {
	p.n += n
	now := time.Now()
	if p.tty && now.Sub(p.last) >= 100*time.Millisecond {
		fmt.Fprintf(p.w, "\r%s", p.line(now))
		p.last = now
	} else if !p.tty && now.Sub(p.last) >= p.everyPlain {
		fmt.Fprintln(p.w, p.line(now))
		p.last = now
	}
}

// done prints the final state.
func (p *progress) done() {
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\n", p.line(time.Now()))
		return
	}
	fmt.Fprintln(p.w, p.line(time.Now()))
}

func (p *progress) line(now time.Time) string {
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.n) / el
	}
	if p.total <= 0 {
		return fmt.Sprintf("%s: %d cables, %.0f/s, %s", p.label, p.n, rate, now.Sub(p.start).Round(time.Second))
	}
	frac := min(float64(p.n)/float64(p.total), 1)
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-p.n)/rate) * time.Second).Round(time.Second).String()
	}
	const width = 30
	bar := strings.Repeat("=", int(frac*width)) + strings.Repeat(" ", width-int(frac*width))
	return fmt.Sprintf("%s [%s] %3.0f%% %d/%d cables, %.0f/s, ETA %s", p.label, bar, 100*frac, p.n, p.total, rate, eta)
}
