package marking_test

import (
	"fmt"

	"github.com/cable/cable/internal/marking"
)

func ExampleParseMark() {
	for _, s := range []string{"S/REL CHINA", "(C//REL TO USA, KEN, GBR//)", "SBU/NF", "S//REL TO USA, XYZ"} {
		m, err := marking.ParseMark(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s -> %s, %s\n", s, m.Portion(), m.Banner())
	}
	// Output:
	// S/REL CHINA -> S//REL TO USA, CHN, SECRET//REL TO USA, CHN
	// (C//REL TO USA, KEN, GBR//) -> C//REL TO USA, GBR, KEN, CONFIDENTIAL//REL TO USA, GBR, KEN
	// SBU/NF -> U//SBU//NF, UNCLASSIFIED//SBU//NOFORN
	// mark "S//REL TO USA, XYZ": unknown country "XYZ" at column 16
}

// The seed cable's banner says SECRET, but its portions roll up to
// SECRET//NOFORN: the banner does not dominate them.
func ExampleRollUp() {
	var portions []marking.Marking
	for _, s := range []string{"S", "S/REL CHINA", "S/NF", "S/NF", "S/NF", "S/REL CHINA", "U", "U"} {
		m, err := marking.ParseMark(s)
		if err != nil {
			panic(err)
		}
		portions = append(portions, m)
	}
	banner, _ := marking.ParseBanner("SECRET")
	rollUp := marking.RollUp(portions)
	fmt.Println(rollUp.Banner())
	fmt.Println(banner.Dominates(rollUp))
	fmt.Println(rollUp.Releasable("CHN"), portions[1].Releasable("CHN"))
	// Output:
	// SECRET//NOFORN
	// false
	// false true
}
