package access_test

import (
	"fmt"
	"os"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// The seed cable as MARKINGS.md §6 has four readers see it.
func ExampleView() {
	b, err := os.ReadFile("../cabletext/testdata/seed.txt")
	if err != nil {
		panic(err)
	}
	c := cabletext.Parse(b)
	d := access.DistributionOf(c)
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for _, r := range []access.Reader{
		{Clearance: marking.Secret, Citizenship: "USA", Posts: []string{"AMEMBASSY ROME"}},
		{Clearance: marking.Confidential, Citizenship: "USA"},
		{Clearance: marking.Secret, Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
		{Clearance: marking.Secret, Citizenship: "GBR"},
	} {
		v, ok := access.View(r, c, d, now)
		if !ok {
			fmt.Printf("%s %s: not found\n", r.Citizenship, r.Clearance)
			continue
		}
		fmt.Printf("%s %s: subject %v, paragraphs %v, %s\n", r.Citizenship, r.Clearance, v.SubjectShown, v.Shown, v.Banner())
	}
	// Output:
	// USA S: subject true, paragraphs [1 2 3 4 5 6 7 8], SECRET//NOFORN
	// USA C: subject false, paragraphs [7 8], UNCLASSIFIED
	// CHN S: subject false, paragraphs [2 6 7 8], SECRET//REL TO USA, CHN
	// GBR S: not found
}
