package access_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// wantAdmits is MARKINGS.md §5 with the package's documented decisions,
// written independently: captions by name, membership as a flag.
func wantAdmits(caps []string, member bool, readIns []string, us bool, cl marking.Level) bool {
	for _, c := range []string{"NODIS", "EXDIS", "CHEROKEE"} {
		if slices.Contains(caps, c) && !slices.Contains(readIns, c) {
			return false // read-in required of everyone, members included
		}
	}
	if member {
		return true
	}
	for _, c := range []string{"NODIS", "EXDIS", "LIMDIS", "STADIS", "CHEROKEE"} {
		if slices.Contains(caps, c) {
			return false // restricted to members
		}
	}
	return slices.Contains(caps, "SIPDIS") && us && cl >= marking.Confidential
}

func captions(tb testing.TB, words []string) []marking.Caption {
	tb.Helper()
	var cs []marking.Caption
	for _, w := range words {
		c, err := marking.ParseCaption(w)
		if err != nil {
			tb.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

// TestAdmits_Table checks Admits over caption × membership × read-in ×
// citizenship × clearance.
func TestAdmits_Table(t *testing.T) {
	t.Parallel()
	captionSets := [][]string{
		nil, {"SIPDIS"}, {"NODIS"}, {"EXDIS"}, {"LIMDIS"}, {"STADIS"}, {"CHEROKEE"},
		{"SIPDIS", "LIMDIS"}, {"SIPDIS", "NODIS"}, {"NODIS", "EXDIS"}, {"NODIS", "CHEROKEE"},
	}
	memberships := []struct {
		name  string
		posts []string
	}{
		{"no post", nil},
		{"other post", []string{"AMEMBASSY ROME"}},
		{"origin", []string{"secstate  washdc"}},
		{"TO addressee", []string{"AMEMBASSY  BEIJING"}},
		{"INFO addressee", []string{"AMEMBASSY ROME", "USMISSION USUN NEW YORK"}},
		{"slugged office", []string{"isn"}},
	}
	readInSets := [][]string{nil, {"NODIS"}, {"EXDIS"}, {"NODIS", "EXDIS"}, {"CHEROKEE"}, {"NODIS", "CHEROKEE"}}
	n := 0
	for _, caps := range captionSets {
		d := access.Distribution{
			Origin:     "SECSTATE WASHDC",
			Addressees: []string{"AMEMBASSY BEIJING", "USMISSION USUN NEW YORK"},
			Slugged:    []string{"ISN", "EAP"},
			Captions:   captions(t, caps),
		}
		for _, mem := range memberships {
			member := mem.name != "no post" && mem.name != "other post"
			for _, ris := range readInSets {
				for _, cit := range []string{"USA", "GBR"} {
					for _, cl := range levels {
						r := access.Reader{Clearance: cl, Citizenship: cit, Posts: mem.posts, ReadIns: captions(t, ris)}
						want := wantAdmits(caps, member, ris, cit == "USA", cl)
						if got := access.Admits(r, d); got != want {
							t.Errorf("Admits(%s %s at %s read in %v, captions %v) = %v, want %v",
								cit, cl, mem.name, ris, caps, got, want)
						}
						n++
					}
				}
			}
		}
	}
	t.Logf("%d combinations", n)
}

// TestAdmits holds named cases.
func TestAdmits(t *testing.T) {
	t.Parallel()
	sipdis := []marking.Caption{marking.SIPDIS}
	tests := []struct {
		name string
		r    access.Reader
		d    access.Distribution
		want bool
	}{
		{"SIPDIS admits US confidential anywhere", usReader(marking.Confidential),
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: sipdis}, true},
		{"SIPDIS does not admit US uncleared", usReader(marking.Unclassified),
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: sipdis}, false},
		{"SIPDIS does not admit foreign readers", foreignReader("GBR", marking.TopSecret),
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: sipdis}, false},
		{"foreign member of an addressee", foreignReader("GBR", marking.Secret, "AMEMBASSY LONDON"),
			access.Distribution{Origin: "SECSTATE WASHDC", Addressees: []string{"AMEMBASSY LONDON"}}, true},
		{"no caption: members only", usReader(marking.TopSecret, "AMEMBASSY ROME"),
			access.Distribution{Origin: "SECSTATE WASHDC", Addressees: []string{"AMEMBASSY BEIJING"}}, false},
		{"PLAD spacing and case", usReader(marking.Secret, " amembassy\tbeijing "),
			access.Distribution{Origin: "SECSTATE WASHDC", Addressees: []string{"AMEMBASSY  BEIJING"}}, true},
		{"empty post matches nothing", usReader(marking.Secret, ""),
			access.Distribution{}, false},
		{"slugged office", usReader(marking.Secret, "EAP"),
			access.Distribution{Origin: "SECSTATE WASHDC", Slugged: []string{"ISN", "EAP"}}, true},
		{"NODIS binds the origin", usReader(marking.TopSecret, "SECSTATE WASHDC"),
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: []marking.Caption{marking.NODIS}}, false},
		{"NODIS read-in at the origin", access.Reader{Clearance: marking.Secret, Citizenship: "USA",
			Posts: []string{"SECSTATE WASHDC"}, ReadIns: []marking.Caption{marking.NODIS}},
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: []marking.Caption{marking.NODIS}}, true},
		{"EXDIS read-in does not open NODIS", access.Reader{Clearance: marking.Secret, Citizenship: "USA",
			Posts: []string{"SECSTATE WASHDC"}, ReadIns: []marking.Caption{marking.EXDIS}},
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: []marking.Caption{marking.NODIS}}, false},
		{"LIMDIS cancels SIPDIS", usReader(marking.Secret),
			access.Distribution{Origin: "SECSTATE WASHDC", Captions: []marking.Caption{marking.SIPDIS, marking.LIMDIS}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := access.Admits(tt.r, tt.d); got != tt.want {
				t.Errorf("Admits(%+v, %+v) = %v, want %v", tt.r, tt.d, got, tt.want)
			}
		})
	}
}

// TestDistributionOf checks the distribution read from the seed, from a
// header with INFO addressees and unknown caption words, and from a
// partial extract with no header.
func TestDistributionOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    *cable.Cable
		want access.Distribution
	}{
		{"seed", MustReadSeed(t), access.Distribution{
			Origin: "SECSTATE WASHDC", Addressees: []string{"AMEMBASSY BEIJING"},
			Captions: []marking.Caption{marking.SIPDIS},
		}},
		{"TO and INFO, marking captions ignored", &cable.Cable{
			Header: cable.Header{
				From: cable.Address{PLAD: "AMEMBASSY PARIS"},
				To:   []cable.Address{{RI: "RUEHC", PLAD: "SECSTATE WASHDC"}},
				Info: []cable.Address{{PLAD: "EU MEMBER STATES COLLECTIVE"}, {PLAD: ""}},
			},
			Text: cable.Text{Captions: []string{"NOFORN", "EXDIS", "SENSITIVE", "exdis", "ROGER"}},
		}, access.Distribution{
			Origin: "AMEMBASSY PARIS", Addressees: []string{"SECSTATE WASHDC", "EU MEMBER STATES COLLECTIVE"},
			Captions: []marking.Caption{marking.EXDIS},
		}},
		{"partial extract: origin from envelope", &cable.Cable{
			Envelope: &cable.Envelope{Origin: "Embassy The Hague"},
			Header:   cable.Header{Partial: true},
		}, access.Distribution{Origin: "AMEMBASSY THE HAGUE"}},
		{"partial extract from the Department", &cable.Cable{
			Envelope: &cable.Envelope{Origin: "Secretary of State"},
		}, access.Distribution{Origin: "SECSTATE WASHDC"}},
		{"partial extract from a consulate", &cable.Cable{
			Envelope: &cable.Envelope{Origin: "Consulate Hong Kong"},
		}, access.Distribution{Origin: "AMCONSUL HONG KONG"}},
		{"partial extract from a mission", &cable.Cable{
			Envelope: &cable.Envelope{Origin: "Mission USNATO"},
		}, access.Distribution{Origin: "MISSION USNATO"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, access.DistributionOf(tt.c)); diff != "" {
				t.Errorf("DistributionOf (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNormalizePLAD checks the form posts are compared in.
func TestNormalizePLAD(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"AMEMBASSY BEIJING":      "AMEMBASSY BEIJING",
		"  amembassy\t Beijing ": "AMEMBASSY BEIJING",
		"SECSTATE\nWASHDC":       "SECSTATE WASHDC",
		"":                       "",
		"isn":                    "ISN",
	} {
		if got := access.NormalizePLAD(in); got != want {
			t.Errorf("NormalizePLAD(%q) = %q, want %q", in, got, want)
		}
	}
}

// ExampleAdmits shows SIPDIS admitting a cleared US reader at another
// post but not a foreign reader.
func ExampleAdmits() {
	d := access.Distribution{
		Origin:     "SECSTATE WASHDC",
		Addressees: []string{"AMEMBASSY BEIJING"},
		Captions:   []marking.Caption{marking.SIPDIS},
	}
	for _, r := range []access.Reader{
		{Clearance: marking.Secret, Citizenship: "USA", Posts: []string{"AMEMBASSY ROME"}},
		{Clearance: marking.Secret, Citizenship: "GBR", Posts: []string{"AMEMBASSY ROME"}},
		{Clearance: marking.Secret, Citizenship: "GBR", Posts: []string{"amembassy  beijing"}},
	} {
		fmt.Println(r.Citizenship, strings.Join(r.Posts, ","), access.Admits(r, d))
	}
	// Output:
	// USA AMEMBASSY ROME true
	// GBR AMEMBASSY ROME false
	// GBR amembassy  beijing true
}
