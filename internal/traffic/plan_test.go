package traffic_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// directory is a small directory in memory, as a store's FindSite sees
// its sites table.
var directory = map[string]*cable.Site{
	"SECSTATE WASHDC":   {PLAD: "SECSTATE WASHDC", Kind: cable.SitePost, RI: "RUEHC", Station: "STATE"},
	"ISN":               {PLAD: "ISN", Kind: cable.SiteOffice, RI: "RUEHC", Parent: "SECSTATE WASHDC", Station: "STATE"},
	"EAP":               {PLAD: "EAP", Kind: cable.SiteOffice, RI: "RUEHC", Parent: "SECSTATE WASHDC", Station: "STATE"},
	"AMEMBASSY BEIJING": {PLAD: "AMEMBASSY BEIJING", Kind: cable.SitePost, RI: "RUEHBJ", Station: "BEIJING"},
	"AMCONSUL SHANGHAI": {PLAD: "AMCONSUL SHANGHAI", Kind: cable.SitePost, RI: "RUEHGH", Station: "SHANGHAI"},
	"CHINA POSTS COLLECTIVE": {PLAD: "CHINA POSTS COLLECTIVE", Kind: cable.SiteCollective, RI: "RUEHOO",
		Members: []string{"AMEMBASSY BEIJING", "AMCONSUL SHANGHAI"}},
}

func findSite(_ context.Context, name string) (*cable.Site, error) {
	if s, ok := directory[traffic.Norm(name)]; ok {
		c := *s
		return &c, nil
	}
	return nil, traffic.NotInDirectory(name)
}

// counters are a store's counters in memory; taken names serials whose
// ids the archive already holds.
type counters struct {
	n     map[string]int
	taken map[string]bool
}

func (c *counters) Next(_ context.Context, name string) (int, error) {
	c.n[name]++
	return c.n[name], nil
}

func (c *counters) Archived(_ context.Context, id string) (bool, error) { return c.taken[id], nil }

func TestPlan_Check(t *testing.T) {
	t.Parallel()
	text := "UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: PLAN TEST\n\n1. (U) Text.\n\nRICE\n"
	to := func(plad string, p cable.Precedence) cable.Addressee {
		return cable.Addressee{PLAD: plad, Role: cable.RoleTo, Precedence: p}
	}
	info := func(plad string, p cable.Precedence) cable.Addressee {
		return cable.Addressee{PLAD: plad, Role: cable.RoleInfo, Precedence: p}
	}
	tests := []struct {
		name       string
		addressees []cable.Addressee
		taken      []string // ids already archived
		reasons    []string
		copies     []string // site role precedence
		lines      []string
		serial     int
	}{
		{"one post", []cable.Addressee{to("AMEMBASSY BEIJING", cable.Immediate)}, nil, nil,
			[]string{"AMEMBASSY BEIJING to IMMEDIATE"}, []string{"AMEMBASSY BEIJING to IMMEDIATE"}, 1},
		{"a collective: a line of its own, a copy per member",
			[]cable.Addressee{to("CHINA POSTS COLLECTIVE", cable.Priority)}, nil, nil,
			[]string{"AMEMBASSY BEIJING to PRIORITY", "AMCONSUL SHANGHAI to PRIORITY"}, []string{"CHINA POSTS COLLECTIVE to PRIORITY"}, 1},
		{"an office travels as its post and gets its own copy",
			[]cable.Addressee{to("AMEMBASSY BEIJING", cable.Routine), info("EAP", cable.Routine)}, nil, nil,
			[]string{"AMEMBASSY BEIJING to ROUTINE", "EAP info ROUTINE"},
			[]string{"AMEMBASSY BEIJING to ROUTINE", "SECSTATE WASHDC info ROUTINE"}, 1},
		{"a post named twice: the higher role and precedence",
			[]cable.Addressee{info("AMEMBASSY BEIJING", cable.Flash), to("CHINA POSTS COLLECTIVE", cable.Routine)}, nil, nil,
			[]string{"AMEMBASSY BEIJING to FLASH", "AMCONSUL SHANGHAI to ROUTINE"},
			[]string{"AMEMBASSY BEIJING info FLASH", "CHINA POSTS COLLECTIVE to ROUTINE"}, 1},
		{"serials whose ids are archived are skipped", []cable.Addressee{to("AMEMBASSY BEIJING", cable.Routine)},
			[]string{"07STATE1", "07STATE2"}, nil, []string{"AMEMBASSY BEIJING to ROUTINE"}, []string{"AMEMBASSY BEIJING to ROUTINE"}, 3},
		{"an unknown addressee refuses", []cable.Addressee{to("AMEMBASSY ATLANTIS", cable.Routine)}, nil,
			[]string{"unknown addressee AMEMBASSY ATLANTIS: add it with cable directory add"}, nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nums := &counters{n: map[string]int{}, taken: map[string]bool{}}
			for _, id := range tt.taken {
				nums.taken[id] = true
			}
			p := &traffic.Plan{Draft: &cable.Draft{ID: 1, Origin: "ISN", Text: text, Addressees: tt.addressees, State: cable.DraftCleared},
				Post: directory["SECSTATE WASHDC"], Now: time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC), By: "releaser"}
			reasons, err := p.Check(context.Background(), findSite, nums)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.reasons, reasons); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			var copies, lines []string
			for _, c := range p.Copies {
				copies = append(copies, fmt.Sprintf("%s %s %s", c.Site.PLAD, c.Role, c.Precedence))
			}
			for _, l := range p.Lines {
				lines = append(lines, fmt.Sprintf("%s %s %s", l.Site.PLAD, l.Role, l.Precedence))
			}
			if diff := cmp.Diff(tt.copies, copies); diff != "" {
				t.Errorf("copies (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.lines, lines); diff != "" {
				t.Errorf("header lines (-want +got):\n%s", diff)
			}
			if len(tt.reasons) == 0 && p.Tr.Serial != tt.serial {
				t.Errorf("serial %d, want %d", p.Tr.Serial, tt.serial)
			}
		})
	}
}
