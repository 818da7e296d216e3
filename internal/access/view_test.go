package access_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// seen is what a test expects a reader to be shown.
type seen struct {
	Found        bool
	Release      bool
	SubjectShown bool
	Shown        []int
	Withheld     []int
	Banner       string
}

func seenOf(v *access.CableView, ok bool) seen {
	if !ok {
		return seen{}
	}
	return seen{Found: true, Release: v.Release, SubjectShown: v.SubjectShown,
		Shown: v.Shown, Withheld: v.Withheld, Banner: v.Banner()}
}

// withoutSIPDIS returns a copy of c without its SIPDIS caption.
func withoutSIPDIS(c *cable.Cable) *cable.Cable {
	d := *c
	d.Text.Captions = slices.DeleteFunc(slices.Clone(c.Text.Captions), func(s string) bool { return s == "SIPDIS" })
	return &d
}

// TestView_Seed is the table of MARKINGS.md §6, with the package's
// decisions for foreign readers (SIPDIS does not admit them; a member of
// an addressee is shown a release copy).
func TestView_Seed(t *testing.T) {
	t.Parallel()
	seed := MustReadSeed(t)
	all := []int{1, 2, 3, 4, 5, 6, 7, 8}
	secretAll := seen{Found: true, SubjectShown: true, Shown: all, Banner: "SECRET//NOFORN"}
	tests := []struct {
		name string
		r    access.Reader
		c    *cable.Cable
		now  time.Time
		want seen
	}{
		{"US SECRET at any post (SIPDIS)", usReader(marking.Secret, "AMEMBASSY ROME"), seed, now, secretAll},
		{"US SECRET at no post (SIPDIS)", usReader(marking.Secret), seed, now, secretAll},
		{"US TOP SECRET (SIPDIS)", usReader(marking.TopSecret), seed, now, secretAll},
		{"US CONFIDENTIAL", usReader(marking.Confidential), seed, now, seen{
			Found: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
		{"US uncleared at no post: SIPDIS does not admit", usReader(marking.Unclassified), seed, now, seen{}},
		{"US uncleared in Beijing", usReader(marking.Unclassified, "AMEMBASSY BEIJING"), seed, now, seen{
			Found: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
		{"CHN SECRET in Beijing", foreignReader("CHN", marking.Secret, "AMEMBASSY BEIJING"), seed, now, seen{
			Found: true, Release: true, Shown: []int{2, 6, 7, 8}, Withheld: []int{1, 3, 4, 5}, Banner: "SECRET//REL TO USA, CHN"}},
		{"CHN CONFIDENTIAL in Beijing", foreignReader("CHN", marking.Confidential, "AMEMBASSY BEIJING"), seed, now, seen{
			Found: true, Release: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
		{"GBR SECRET in Beijing", foreignReader("GBR", marking.Secret, "AMEMBASSY BEIJING"), seed, now, seen{
			Found: true, Release: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
		{"CHN SECRET at no post: SIPDIS is for US readers", foreignReader("CHN", marking.Secret), seed, now, seen{}},
		{"GBR SECRET at no post", foreignReader("GBR", marking.Secret), seed, now, seen{}},
		{"no SIPDIS: US SECRET in Rome not found", usReader(marking.Secret, "AMEMBASSY ROME"), withoutSIPDIS(seed), now, seen{}},
		{"no SIPDIS: US SECRET in Beijing", usReader(marking.Secret, "AMEMBASSY  Beijing"), withoutSIPDIS(seed), now, secretAll},
		{"no SIPDIS: US SECRET in Washington", usReader(marking.Secret, "SECSTATE WASHDC"), withoutSIPDIS(seed), now, secretAll},
		{"declassified: GBR SECRET in Beijing", foreignReader("GBR", marking.Secret, "AMEMBASSY BEIJING"), seed,
			time.Date(2033, 1, 1, 0, 0, 0, 0, time.UTC), seen{
				Found: true, Release: true, SubjectShown: true, Shown: all, Banner: "UNCLASSIFIED"}},
		{"declassified: GBR uncleared in Beijing", foreignReader("GBR", marking.Unclassified, "AMEMBASSY BEIJING"), seed,
			time.Date(2033, 1, 2, 0, 0, 0, 0, time.UTC), seen{
				Found: true, Release: true, SubjectShown: true, Shown: all, Banner: "UNCLASSIFIED"}},
		{"declassified: still not SIPDIS for GBR", foreignReader("GBR", marking.Secret), seed,
			time.Date(2033, 1, 2, 0, 0, 0, 0, time.UTC), seen{}},
		{"the day before declassification", usReader(marking.Confidential), seed,
			time.Date(2032, 12, 30, 0, 0, 0, 0, time.UTC), seen{
				Found: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := access.DistributionOf(tt.c)
			got := seenOf(access.View(tt.r, tt.c, d, tt.now))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("View (-want +got):\n%s", diff)
			}
			if k := access.Knows(tt.r, tt.c, d, tt.now); k != tt.want.Found {
				t.Errorf("Knows = %v, want %v", k, tt.want.Found)
			}
		})
	}
}

// TestReleaseCopy_Seed checks the copies of the seed given to foreign
// governments.
func TestReleaseCopy_Seed(t *testing.T) {
	t.Parallel()
	seed := MustReadSeed(t)
	tests := []struct {
		name      string
		country   string
		clearance marking.Level
		now       time.Time
		want      seen
	}{
		{"CHN SECRET", "CHN", marking.Secret, now, seen{
			Found: true, Release: true, Shown: []int{2, 6, 7, 8}, Withheld: []int{1, 3, 4, 5}, Banner: "SECRET//REL TO USA, CHN"}},
		{"China by name", "China", marking.Secret, now, seen{
			Found: true, Release: true, Shown: []int{2, 6, 7, 8}, Withheld: []int{1, 3, 4, 5}, Banner: "SECRET//REL TO USA, CHN"}},
		{"GBR SECRET", "GBR", marking.Secret, now, seen{
			Found: true, Release: true, Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}, Banner: "UNCLASSIFIED"}},
		{"GBR after declassification", "GBR", marking.Secret, time.Date(2033, 1, 1, 0, 0, 0, 0, time.UTC), seen{
			Found: true, Release: true, SubjectShown: true, Shown: []int{1, 2, 3, 4, 5, 6, 7, 8}, Banner: "UNCLASSIFIED"}},
		{"USA is not a foreign government", "USA", marking.Secret, now, seen{}},
		{"unknown country", "ATLANTIS", marking.Secret, now, seen{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := seenOf(access.ReleaseCopy(tt.country, tt.clearance, seed, tt.now))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReleaseCopy(%s, %s) (-want +got):\n%s", tt.country, tt.clearance, diff)
			}
		})
	}
}

// checkText fails unless the formatted view contains every want and none
// of notWant.
func checkText(t *testing.T, text string, want, notWant []string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("view lacks %q:\n%s", s, text)
		}
	}
	for _, s := range notWant {
		if strings.Contains(text, s) {
			t.Errorf("view contains %q:\n%s", s, text)
		}
	}
}

// TestView_SeedText checks what the seed's views print: placeholders for a
// US reader, omissions in a release copy, and the view banner on the
// classification line and envelope.
func TestView_SeedText(t *testing.T) {
	t.Parallel()
	seed := MustReadSeed(t)
	d := access.DistributionOf(seed)

	t.Run("US CONFIDENTIAL", func(t *testing.T) {
		t.Parallel()
		v, ok := access.View(usReader(marking.Confidential), seed, d, now)
		if !ok {
			t.Fatal("View: not found")
		}
		checkText(t, cabletext.Format(v.Cable),
			[]string{"\nZNR UUUUU ZZH\n", "\nUNCLAS STATE 159388\n", "SUBJECT: [withheld]\n", "1. (S) [withheld]\n", "2. (S//REL TO USA, CHN) [withheld]",
				"5. (S//NF) [withheld]\n", "7. (U) Please report", "Reporting Requirement and POC", "SIPDIS"},
			[]string{"DEMARCHE", "OBJECTIVES", "TALKING POINTS", "Background", "Matin", "RICE", "S E C R E T", "SSSSS"})
		if got := v.Cable.Envelope.Classification; got != "UNCLASSIFIED" {
			t.Errorf("envelope classification = %q, want UNCLASSIFIED", got)
		}
		if got := v.Cable.Envelope.Title; got != access.Placeholder {
			t.Errorf("envelope title = %q, want %q", got, access.Placeholder)
		}
	})
	t.Run("US SECRET", func(t *testing.T) {
		t.Parallel()
		v, _ := access.View(usReader(marking.Secret), seed, d, now)
		checkText(t, cabletext.Format(v.Cable),
			[]string{"S E C R E T STATE 159388", "SIPDIS NOFORN\n", "SUBJECT: DEMARCHE", "Matin", "RICE\n"},
			[]string{access.Placeholder})
		if got := v.Cable.Envelope.Classification; got != "SECRET//NOFORN" {
			t.Errorf("envelope classification = %q, want SECRET//NOFORN", got)
		}
	})
	t.Run("declassified GBR release copy keeps the marks as written", func(t *testing.T) {
		t.Parallel()
		v, _ := access.ReleaseCopy("GBR", marking.Unclassified, seed, time.Date(2033, 1, 1, 0, 0, 0, 0, time.UTC))
		checkText(t, cabletext.Format(v.Cable),
			[]string{"ZNR UUUUU ZZH", "\nUNCLAS STATE 159388\n", "SUBJECT: DEMARCHE", "5. (S//NF) We are particularly", "RICE\n"},
			[]string{access.Placeholder, "SIPDIS", "S E C R E T"})
		if !v.Declassified || v.Cable.Envelope.Classification != "UNCLASSIFIED" {
			t.Errorf("Declassified = %v, envelope classification %q; want true, UNCLASSIFIED", v.Declassified, v.Cable.Envelope.Classification)
		}
	})
	t.Run("CHN release copy", func(t *testing.T) {
		t.Parallel()
		v, _ := access.ReleaseCopy("CHN", marking.Secret, seed, now)
		checkText(t, cabletext.Format(v.Cable),
			[]string{"ZNY SSSSS ZZH", "S E C R E T STATE 159388", "TO AMEMBASSY BEIJING", "---------- OBJECTIVES ----------",
				"2. (S//REL TO USA, CHN) Post should:", "6. (S//REL TO USA, CHN) BEGIN", "7. (U)", "8. (U)"},
			[]string{access.Placeholder, "SIPDIS", "NOFORN", "SUBJECT", "DEMARCHE", "1. (S)", "3. (S", "Background", "RICE"})
		if got := v.Cable.Envelope.Classification; got != "SECRET//REL TO USA, CHN" {
			t.Errorf("envelope classification = %q, want SECRET//REL TO USA, CHN", got)
		}
	})
}

// TestView_KeepsStoredCable checks that making views changes nothing in
// the stored cable and that a view shares nothing with it.
func TestView_KeepsStoredCable(t *testing.T) {
	t.Parallel()
	seed := MustReadSeed(t)
	pristine := MustReadSeed(t)
	d := access.DistributionOf(seed)
	v, _ := access.View(usReader(marking.Secret), seed, d, now)
	r, _ := access.ReleaseCopy("CHN", marking.Secret, seed, now)
	for _, vc := range []*cable.Cable{v.Cable, r.Cable} {
		vc.Header.To[0].PLAD = "CHANGED"
		if len(vc.Text.Tags) > 0 { // the CHN copy withholds the banner's text
			vc.Text.Tags[0] = "CHANGED"
			vc.Text.References[0].Text = "CHANGED"
			vc.Text.ClassifiedBy.Reasons[0] = "CHANGED"
		}
		vc.Envelope.Origin = "CHANGED"
	}
	if diff := cmp.Diff(pristine, seed); diff != "" {
		t.Errorf("stored cable changed (-want +got):\n%s", diff)
	}
	if v.Cable.Source.Body != "" || v.Cable.Source.Header != "" || v.Cable.Warnings != nil {
		t.Errorf("view keeps the source text or warnings")
	}
}
