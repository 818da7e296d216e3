package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// fileClock returns a clock that reads the time from a file that "cable
// demo --sites" moves as its scenario goes: the three nodes of the demo
// live in 2007 like the one-process demo, each in its own process. The
// file holds a time and the real time it was set at; the clock runs on
// from there. A file that cannot be read gives the real time.
func fileClock(path string) func() time.Time {
	var mu sync.Mutex
	var last time.Time
	var read time.Time
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(read) < 5*time.Millisecond && !last.IsZero() {
			return last.Add(time.Since(read))
		}
		read = time.Now()
		b, err := os.ReadFile(path)
		if err != nil {
			return time.Now()
		}
		var set, at time.Time
		if _, err := fmt.Sscan(string(b), (*rfc3339)(&set), (*rfc3339)(&at)); err != nil {
			return time.Now()
		}
		last = set.Add(time.Since(at))
		return last
	}
}

// setFileClock moves a file clock; it writes the new time beside the file
// and renames it over, so that no reader sees half a time.
func setFileClock(path string, t time.Time) error {
	tmp := path + ".tmp"
	text := t.UTC().Format(time.RFC3339Nano) + " " + time.Now().UTC().Format(time.RFC3339Nano)
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// rfc3339 scans an RFC 3339 time.
type rfc3339 time.Time

func (r *rfc3339) Scan(st fmt.ScanState, _ rune) error {
	tok, err := st.Token(true, nil)
	if err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, string(tok))
	*r = rfc3339(t)
	return err
}
