package access_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// corpusFiles returns the cables of $CABLE_CORPUS, skipping the test when
// it is unset and failing it when it is set but cannot be read.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		tb.Skip("CABLE_CORPUS is not set: set it to the corpus directory to run the corpus property test")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("CABLE_CORPUS: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("CABLE_CORPUS=%s: no cables (*.txt): %v", dir, err)
	}
	return files
}

// corpusReader is a reader of the property test; origin makes them a
// member of the cable's originating post.
type corpusReader struct {
	name   string
	r      access.Reader
	origin bool
}

func corpusReaders() []corpusReader {
	return []corpusReader{
		{"US U", usReader(marking.Unclassified), false},
		{"US C", usReader(marking.Confidential), false},
		{"US S", usReader(marking.Secret), false},
		{"US S at origin", usReader(marking.Secret), true},
		{"CHN S at origin", foreignReader("CHN", marking.Secret), true},
		{"GBR S at origin", foreignReader("GBR", marking.Secret), true},
		{"DEU C at origin", foreignReader("DEU", marking.Confidential), true},
	}
}

// viewStats counts what the property test saw for one reader.
type viewStats struct {
	found, shown, withheld, subjectsWithheld, textsChecked, excluded int
}

// TestCorpusViews checks, for every corpus cable and a set of readers, at
// the corpus's publication and at now: that View and Knows agree; that
// no view prints the text of a withheld portion (unless the same text is
// also in a shown portion: boilerplate repeats); that every view banner
// dominates every portion shown and stays within the reader's clearance;
// and that a foreign reader's view is a release copy with nothing NOFORN.
func TestCorpusViews(t *testing.T) {
	files := corpusFiles(t)
	nows := []time.Time{time.Date(2010, 12, 1, 0, 0, 0, 0, time.UTC), now}
	readers := corpusReaders()
	stats := make([][]viewStats, len(nows))
	for i := range stats {
		stats[i] = make([]viewStats, len(readers))
	}
	unreadable, declassified := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := cabletext.Parse(b)
		d := access.DistributionOf(c)
		for _, p := range access.Portions(c) {
			if !p.Readable {
				unreadable++
			}
		}
		if access.Declassified(c, now) {
			declassified++
		}
		for i, at := range nows {
			ps := access.PortionsAt(c, at)
			for j, cr := range readers {
				r := cr.r
				if cr.origin {
					r.Posts = []string{d.Origin}
				}
				checkCorpusView(t, c, d, ps, r, at, &stats[i][j])
			}
		}
	}
	t.Logf("%d cables; %d unreadable portion marks or banners; %d declassified at %s",
		len(files), unreadable, declassified, now.Format(time.DateOnly))
	for i, at := range nows {
		for j, cr := range readers {
			s := stats[i][j]
			t.Logf("at %s, %-16s found %5d; paragraphs shown %6d, withheld %6d; subjects withheld %5d; withheld texts checked %6d, excluded as also shown %d",
				at.Format(time.DateOnly), cr.name, s.found, s.shown, s.withheld, s.subjectsWithheld, s.textsChecked, s.excluded)
		}
	}
}

// checkCorpusView checks r's view of c at now, given c's portions at now.
func checkCorpusView(t *testing.T, c *cable.Cable, d access.Distribution, ps []access.Portion, r access.Reader, now time.Time, s *viewStats) {
	t.Helper()
	v, ok := access.View(r, c, d, now)
	if k := access.Knows(r, c, d, now); k != ok {
		t.Errorf("%s: Knows = %v but View found = %v", c.ID, k, ok)
	}
	if !ok {
		return
	}
	s.found++
	s.shown += len(v.Shown)
	s.withheld += len(v.Withheld)
	out := cabletext.Format(v.Cable)
	shown := shownText(v.Cable)
	for _, secret := range withheldTexts(t, c, ps, r, v, s) {
		secret = strings.TrimSpace(secret)
		if len(secret) <= 40 {
			continue
		}
		s.textsChecked++
		switch {
		case strings.Contains(shown, secret):
			s.excluded++
		case strings.Contains(out, secret):
			t.Errorf("%s: view for %s %s at %s prints withheld text %.80q", c.ID, r.Citizenship, r.Clearance, now.Format(time.DateOnly), secret)
		}
	}
	checkCorpusBanner(t, c, r, v, out)
}

// withheldTexts checks that v's banner dominates every portion of c shown
// to r and that a withheld subject or signature is gone, and returns the
// texts of the portions withheld.
func withheldTexts(t *testing.T, c *cable.Cable, ps []access.Portion, r access.Reader, v *access.CableView, s *viewStats) []string {
	t.Helper()
	var secrets []string
	for _, p := range ps {
		if access.CanSee(r, p.Marking) {
			if !v.Marking.Dominates(p.Marking) {
				t.Errorf("%s: view banner %s does not dominate shown %s %d (%s)", c.ID, v.Banner(), p.Kind, p.Number, p.Marking.Banner())
			}
			continue
		}
		switch p.Kind {
		case access.PortionSubject:
			s.subjectsWithheld++
			secrets = append(secrets, c.Text.Subject)
			if e := v.Cable.Envelope; e != nil && !access.IsPlaceholder(e.Title) && e.Title != "" {
				t.Errorf("%s: withheld subject, but the envelope title is %q", c.ID, e.Title)
			}
		case access.PortionParagraph:
			secrets = append(secrets, c.Text.Paragraphs[p.Index].Text, c.Text.Paragraphs[p.Index].Heading)
		case access.PortionUnmarked:
			if v.Cable.Text.Signature != "" {
				t.Errorf("%s: withheld signature %q shown", c.ID, v.Cable.Text.Signature)
			}
		}
	}
	return secrets
}

// checkCorpusBanner checks the view banner against the reader.
func checkCorpusBanner(t *testing.T, c *cable.Cable, r access.Reader, v *access.CableView, out string) {
	t.Helper()
	if v.Marking.Level > r.Clearance {
		t.Errorf("%s: view banner %s above clearance %s", c.ID, v.Banner(), r.Clearance)
	}
	if !r.Foreign() {
		return
	}
	// A release copy omits withheld paragraphs; a placeholder may remain
	// only where the scrub took withheld text out of a header field.
	if !v.Release || v.Marking.NoForn || hasPlaceholderParagraph(v.Cable) {
		t.Errorf("%s: foreign view is not a clean release copy: release %v, banner %s", c.ID, v.Release, v.Banner())
	}
}

// shownText returns the text of every portion a view shows.
func shownText(vc *cable.Cable) string {
	var b strings.Builder
	b.WriteString(vc.Text.Subject + "\n" + vc.Text.Signature + "\n")
	for _, p := range vc.Text.Paragraphs {
		if p.Text != access.Placeholder {
			b.WriteString(p.Heading + "\n" + p.Text + "\n")
		}
	}
	return b.String()
}

// hasPlaceholderParagraph reports whether a view shows a withheld
// paragraph's placeholder.
func hasPlaceholderParagraph(c *cable.Cable) bool {
	for _, p := range c.Text.Paragraphs {
		if p.Text == access.Placeholder {
			return true
		}
	}
	return c.Text.Subject == access.Placeholder
}
