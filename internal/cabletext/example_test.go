package cabletext_test

import (
	"fmt"

	"github.com/cable/cable/internal/cabletext"
)

func ExampleParse() {
	c := cabletext.ParseString(`C O N F I D E N T I A L STATE 000042

E.O. 12958: DECL: 12/31/2018
TAGS: PREL, CH
SUBJECT: EXAMPLE

REF: BEIJING 6848

Classified By: Desk Officer Jane Doe. Reasons 1.4(d).

1. (C) First paragraph.

2. (U) Second paragraph.
RICE
`)
	fmt.Println(c.Text.Class.Level, c.Text.Tags, c.Text.Subject)
	for _, p := range c.Text.Paragraphs {
		fmt.Printf("%d (%s) %s\n", p.Number, p.Mark, p.Text)
	}
	fmt.Println(c.Text.ClassifiedBy.Reasons, c.Text.Signature)
	// Output:
	// CONFIDENTIAL [PREL CH] EXAMPLE
	// 1 (C) First paragraph.
	// 2 (U) Second paragraph.
	// [1.4(d)] RICE
}
