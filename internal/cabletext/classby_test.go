package cabletext

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDbgOracle(t *testing.T) {
	f, err := os.Open("/work/shared/peer/cablemap_on_corpus.jsonl")
	if err != nil {
		t.Skip()
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<24), 1<<24)
	field := os.Getenv("DBGFIELD")
	same, diff := 0, 0
	for sc.Scan() {
		var r struct {
			ID       string   `json:"reference_id"`
			CB       []string `json:"classified_by"`
			Signed   []string `json:"signed_by"`
			Subject  string   `json:"subject"`
		}
		json.Unmarshal(sc.Bytes(), &r)
		src, err := os.ReadFile("/work/shared/corpus/" + r.ID + ".txt")
		if err != nil {
			continue
		}
		c := ParseString(string(src))
		var a, b string
		switch field {
		case "cb":
			a, b = strings.Join(r.CB, "|"), strings.Join(titleNames(c.Text.ClassifiedBy.Names), "|")
			if a != b {
				fmt.Printf("%s\tORACLE=%q\tGOT=%q\tAUTH=%q\n", r.ID, a, b, c.Text.ClassifiedBy.Authority)
			}
		case "sig":
			a, b = strings.Join(r.Signed, "|"), strings.ToUpper(strings.Join(Signers(c.Text.Signature), "|"))
			if a != b {
				body := c.Source.Body
				if len(body) > 250 {
					body = body[len(body)-250:]
				}
				fmt.Printf("%s\tORACLE=%q\tGOT=%q\tTAIL=%q\n", r.ID, a, b, body)
			}
		case "subj":
			a, b = r.Subject, c.Text.Subject
			if a != b {
				fmt.Printf("%s\tORACLE=%q\n\tGOT   =%q\n", r.ID, a, b)
			}
		}
		if a == b {
			same++
		} else {
			diff++
		}
	}
	fmt.Println("same", same, "diff", diff)
}
