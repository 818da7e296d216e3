package access_test

import (
	"strings"
	"testing"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// TestView_Scrub checks that withheld text a damaged source put into the
// header or handling lines does not reach the view, and that shown text
// is left alone.
func TestView_Scrub(t *testing.T) {
	t.Parallel()
	subject := "ROYAL COURT CHIEF AND PM DISCUSS IRAN"
	para := "The minister said something secret and long."
	c := &cable.Cable{
		Envelope: &cable.Envelope{Classification: "SECRET//NOFORN", Title: subject, Origin: "Embassy Amman"},
		Header: cable.Header{
			From: cable.Address{PLAD: "AMEMBASSY AMMAN"},
			Info: []cable.Address{{RI: "RUEATRS", PLAD: "DEPT OF TREASURY WASHDC" + subject}},
		},
		Text: cable.Text{
			Class:     cable.ClassLine{Level: "SECRET"},
			PassLines: []string{"PASS " + para},
			Subject:   subject,
			Paragraphs: []cable.Paragraph{
				{Number: 1, Mark: "S/NF", Text: para},
				{Number: 2, Mark: "U", Text: "Shown text that quotes the subject: " + subject},
			},
		},
	}
	v, ok := access.View(usReader(marking.Confidential, "AMEMBASSY AMMAN"), c, access.DistributionOf(c), now)
	if !ok {
		t.Fatal("View: not found")
	}
	if got := v.Cable.Header.Info[0].PLAD; got != "DEPT OF TREASURY WASHDC"+access.Placeholder {
		t.Errorf("INFO PLAD = %q, want the subject withheld", got)
	}
	if got := v.Cable.Text.PassLines; len(got) != 0 {
		t.Errorf("pass lines = %q, want them withheld with the banner's text", got)
	}
	if got := v.Cable.Text.Paragraphs[1].Text; !strings.HasSuffix(got, subject) {
		t.Errorf("shown paragraph = %q, want it unchanged", got)
	}
	if got := c.Header.Info[0].PLAD; !strings.HasSuffix(got, subject) {
		t.Errorf("stored cable changed: INFO PLAD = %q", got)
	}
}
