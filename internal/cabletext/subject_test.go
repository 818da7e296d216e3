package cabletext

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDbgOne(t *testing.T) {
	for _, id := range strings.Fields(os.Getenv("IDS")) {
		src, _ := os.ReadFile("/work/shared/corpus/" + id + ".txt")
		c := ParseString(string(src))
		fmt.Printf("== %s subj=%q cb=%+v sig=%q passlines=%q\n", id, c.Text.Subject, c.Text.ClassifiedBy, c.Text.Signature, c.Text.PassLines)
		for _, p := range c.Text.Paragraphs[:min(3, len(c.Text.Paragraphs))] {
			fmt.Printf("   P%d %q\n", p.Number, p.Text[:min(150, len(p.Text))])
		}
		for _, w := range c.Warnings {
			fmt.Printf("   W %v\n", w)
		}
	}
}
