package cabletext

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/google/go-cmp/cmp"
)

func mustReadSeed(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// TestParseSeed checks the seed cable, 07STATE159388, field by field.
func TestParseSeed(t *testing.T) {
	c := Parse(mustReadSeed(t))
	h, tx := c.Header, c.Text
	var refIDs, labels []string
	for _, r := range tx.References {
		refIDs, labels = append(refIDs, r.ID), append(labels, r.Label)
	}
	var nums []int
	var marks []string
	for _, p := range tx.Paragraphs {
		nums, marks = append(nums, p.Number), append(marks, p.Mark)
	}
	got := map[string]any{
		"id": c.ID, "layout": c.Source.Layout.String(), "precedence": c.Precedence().String(),
		"from": h.From.PLAD, "to": h.To[0].PLAD, "to precedence": h.To[0].Precedence.String(), "mcn": h.To[0].MCN,
		"transmission": h.TransmissionID, "station": h.Station, "serial": h.StationSerial, "filed": h.FilingTime,
		"security": h.Security, "dtg": h.Time.Format(time.RFC3339), "class": tx.Class.Level,
		"captions": tx.Captions, "decl": tx.Decl.Date.Format(time.DateOnly), "tags": tx.Tags,
		"subject":    tx.Subject,
		"references": refIDs, "labels": labels,
		"authority": tx.ClassifiedBy.Authority, "reasons": tx.ClassifiedBy.Reasons,
		"numbers": nums, "marks": marks, "signature": tx.Signature, "warnings": len(c.Warnings),
	}
	want := map[string]any{
		"id": "07STATE159388", "layout": "archive", "precedence": "IMMEDIATE",
		"from": "SECSTATE WASHDC", "to": "AMEMBASSY BEIJING", "to precedence": "IMMEDIATE", "mcn": "0000",
		"transmission": "VZCZCXYZ0001", "station": "RUEHC", "serial": "9388", "filed": "3260011",
		"security": "ZNY SSSSS ZZH", "dtg": "2007-11-22T00:00:00Z", "class": "SECRET",
		"captions": []string{"SIPDIS"}, "decl": "2032-12-31", "tags": []string{"PARM", "PREL", "UNGA"},
		"subject": "DEMARCHE ON IMPENDING CONVENTIONAL ARMS TRANSFER AND INTERIM FOLLOW UP ON ONGOING ISSUES OF PROLIFERATION CONCERN",
		"references": []string{"07STATE109649", "07BEIJING5237", "07STATE71143", "07STATE73601",
			"07STATE72896", "07BEIJING6361", "07STATE148514", "07BEIJING6848"},
		"labels":    []string{"A", "B", "C", "D", "E", "F", "G", "H"},
		"authority": "ISN Acting DAS Richard Stratford", "reasons": []string{"1.4(b)", "1.4(d)"},
		"numbers":   []int{1, 2, 3, 4, 5, 6, 7, 8},
		"marks":     []string{"S", "S/REL CHINA", "S/NF", "S/NF", "S/NF", "S/REL CHINA", "U", "U"},
		"signature": "RICE", "warnings": 0,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(seed) (-want +got):\n%s", diff)
	}
}

// TestSeedParagraphArtefacts checks the two '¶' traps of the seed: the
// wrapped "¶6. NOTE THAT…" belongs to paragraph 1, and "2.(S/REL CHINA)"
// without '¶' or space opens paragraph 2.
func TestSeedParagraphArtefacts(t *testing.T) {
	ps := Parse(mustReadSeed(t)).Text.Paragraphs
	if !bytes.Contains([]byte(ps[0].Text), []byte("6. NOTE THAT THESE POINTS ARE EXTREMELY TIME SENSITIVE")) {
		t.Errorf("paragraph 1 does not hold the wrapped line \"6. NOTE THAT…\": %q", ps[0].Text)
	}
	if got, want := ps[1].Heading, "---------- OBJECTIVES ----------"; got != want {
		t.Errorf("paragraph 2 heading = %q, want %q", got, want)
	}
	if got := ps[1].Text[:12]; got != "Post should:" {
		t.Errorf("paragraph 2 text starts %q, want \"Post should:\"", got)
	}
}

func TestSeedLossless(t *testing.T) {
	src := mustReadSeed(t)
	var buf bytes.Buffer
	if err := WriteLossless(&buf, Parse(src)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), src) {
		t.Errorf("WriteLossless(Parse(seed)) differs from the seed")
	}
	if got, want := len(Parse(src).Source.Header)+len(cableEnvelopeBytes(Parse(src))), 449; got != want {
		t.Errorf("body offset = %d, want %d (MANIFEST.tsv)", got, want)
	}
}

func cableEnvelopeBytes(c *cable.Cable) string {
	e := c.Envelope
	return e.ReferenceID + "\n" + e.Title + "\n" + e.Created + "\n" + e.Classification + "\n" + e.Origin + "\n"
}

func TestSeedRoundTrip(t *testing.T) {
	c := Parse(mustReadSeed(t))
	if diff := roundTripDiff(c); diff != "" {
		t.Errorf("Parse(Format(seed)) (-first +second):\n%s", diff)
	}
	again := ParseString(Format(c))
	if again.ID != "07STATE159388" {
		t.Errorf("id of the canonical seed = %q, want 07STATE159388 (from its class line and DTG)", again.ID)
	}
	if Format(again) != Format(c) {
		t.Errorf("Format is not a fixed point on the seed")
	}
}
