package cabletext

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDbgRT(t *testing.T) {
	fs, _ := filepath.Glob("/work/shared/corpus/*.txt")
	want := os.Getenv("RTFIELD")
	for _, f := range fs {
		src, _ := os.ReadFile(f)
		c := Parse(src)
		for _, d := range diffFields(c) {
			if d == want {
				again := ParseString(Format(c))
				switch want {
				case "classby":
					fmt.Printf("%s\n  1 %+v\n  2 %+v\n", filepath.Base(f), c.Text.ClassifiedBy, again.Text.ClassifiedBy)
				case "signature":
					fmt.Printf("%s\n  1 %q\n  2 %q\n", filepath.Base(f), c.Text.Signature, again.Text.Signature)
				case "subject":
					fmt.Printf("%s\n  1 %q|%q\n  2 %q|%q\n", filepath.Base(f), c.Text.Subject, c.Text.SubjectMark, again.Text.Subject, again.Text.SubjectMark)
				default:
					fmt.Printf("%s\n%s\n", filepath.Base(f), roundTripDiff(c))
				}
			}
		}
	}
}
