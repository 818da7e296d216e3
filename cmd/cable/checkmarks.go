package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// marksSummary counts the marking problems of a corpus.
type marksSummary struct {
	cables, classified           int
	belowRollUp, sipdisConflict  int
	withUnreadable, withUnmarked int
	marks                        map[string]int    // distinct portion marks and their counts
	unreadable                   map[string]string // distinct unreadable marks and why
}

// checkMarks prints a data-quality summary of the markings of the cables
// under paths: banners below their roll-up, unreadable marks (each listed
// with its reason), SIPDIS with a restrictive caption, and unmarked
// paragraphs in classified cables.
func checkMarks(ctx context.Context, m *Main, paths []string) error {
	files, err := inputFiles(paths)
	if err != nil {
		return err
	}
	s := &marksSummary{marks: map[string]int{}, unreadable: map[string]string{}}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		s.add(cabletext.Parse(src))
	}
	s.print(m)
	return nil
}

func (s *marksSummary) add(c *cable.Cable) {
	s.cables++
	classified := c.Text.Class.Level != "" && c.Text.Class.Level != "UNCLASSIFIED"
	if classified {
		s.classified++
	}
	unreadable, unmarked := false, false
	for _, p := range c.Text.Paragraphs {
		if p.Number == 0 {
			continue
		}
		if p.Mark == "" {
			unmarked = unmarked || classified
			continue
		}
		s.marks[p.Mark]++
		if _, err := marking.ParseMark(p.Mark); err != nil {
			unreadable = true
			s.unreadable[p.Mark] = err.Error()
		}
	}
	for _, f := range cabletext.Check(c, false) {
		switch f.Field {
		case "classification":
			if strings.Contains(f.Message, "because of") {
				s.belowRollUp++
			}
		case "captions":
			s.sipdisConflict++
		}
	}
	if unreadable {
		s.withUnreadable++
	}
	if unmarked {
		s.withUnmarked++
	}
}

func (s *marksSummary) print(m *Main) {
	w := m.Stdout
	fmt.Fprintf(w, "cables:                                   %d (%d classified)\n", s.cables, s.classified)
	fmt.Fprintf(w, "banner below the roll-up of its portions: %d\n", s.belowRollUp)
	fmt.Fprintf(w, "SIPDIS with NODIS or EXDIS:               %d\n", s.sipdisConflict)
	fmt.Fprintf(w, "unmarked paragraphs in classified cables: %d cables\n", s.withUnmarked)
	fmt.Fprintf(w, "unreadable portion marks:                 %d cables\n", s.withUnreadable)
	fmt.Fprintf(w, "distinct portion marks:                   %d, of which %d read and %d unreadable\n",
		len(s.marks), len(s.marks)-len(s.unreadable), len(s.unreadable))
	var bad []string
	for mk := range s.unreadable {
		bad = append(bad, mk)
	}
	sort.Strings(bad)
	for _, mk := range bad {
		fmt.Fprintf(w, "  (%s) ×%d: %s\n", mk, s.marks[mk], s.unreadable[mk])
	}
}
