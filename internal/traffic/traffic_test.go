package traffic_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/traffic"
)

func draft(state cable.DraftState, version int, cl ...cable.Clearance) *cable.Draft {
	return &cable.Draft{ID: 1, State: state, Version: version, Clearances: cl, CableID: "07STATE1"}
}

func TestStep(t *testing.T) {
	t.Parallel()
	eap := cable.Clearance{Office: "EAP", By: "eap", Version: 2}
	tOld := cable.Clearance{Office: "T", By: "t", Version: 1}
	tNow := cable.Clearance{Office: "T", By: "t", Version: 2}
	tests := []struct {
		name string
		d    *cable.Draft
		e    cable.EventKind
		want cable.DraftState
		kind cable.Kind // 0 (Internal) means no error
	}{
		{"new without clearances is cleared", draft("", 1), cable.EventDrafted, cable.DraftCleared, 0},
		{"new with clearances is drafting", draft("", 1, cable.Clearance{Office: "T"}), cable.EventDrafted, cable.DraftDrafting, 0},
		{"one of two cleared", draft(cable.DraftDrafting, 2, eap, cable.Clearance{Office: "T"}), cable.EventCleared, cable.DraftDrafting, 0},
		{"both cleared", draft(cable.DraftDrafting, 2, eap, tNow), cable.EventCleared, cable.DraftCleared, 0},
		{"clearance of an older version is void", draft(cable.DraftCleared, 2, eap, tOld), cable.EventEdited, cable.DraftDrafting, 0},
		{"release when cleared", draft(cable.DraftCleared, 2, eap, tNow), cable.EventReleased, cable.DraftReleased, 0},
		{"release with a clearance missing", draft(cable.DraftDrafting, 2, eap, tOld), cable.EventReleased, cable.DraftDrafting, cable.Invalid},
		{"refusal changes nothing", draft(cable.DraftCleared, 2, eap, tNow), cable.EventRefused, cable.DraftCleared, 0},
		{"a released draft cannot change", draft(cable.DraftReleased, 2), cable.EventEdited, cable.DraftReleased, cable.Conflict},
		{"nor be released twice", draft(cable.DraftReleased, 2), cable.EventReleased, cable.DraftReleased, cable.Conflict},
		{"created twice", draft(cable.DraftDrafting, 1), cable.EventDrafted, cable.DraftDrafting, cable.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := traffic.Step(tt.d, tt.e)
			if got != tt.want {
				t.Errorf("Step(%s) = %s, want %s", tt.e, got, tt.want)
			}
			switch {
			case tt.kind == 0 && err != nil:
				t.Errorf("Step(%s) error = %v, want none", tt.e, err)
			case tt.kind != 0 && cable.KindOf(err) != tt.kind:
				t.Errorf("Step(%s) error = %v, want kind %s", tt.e, err, tt.kind)
			}
		})
	}
}

func TestDeliveryStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from cable.DeliveryState
		e    cable.EventKind
		want cable.DeliveryState
		ok   bool
	}{
		{"", cable.EventTransmitted, cable.DeliveryQueued, true},
		{cable.DeliveryQueued, cable.EventDelivered, cable.DeliveryDelivered, true},
		{cable.DeliveryDelivered, cable.EventDelivered, cable.DeliveryDelivered, false},
		{cable.DeliveryDelivered, cable.EventAcknowledged, cable.DeliveryDelivered, true},
		{cable.DeliveryQueued, cable.EventAcknowledged, cable.DeliveryQueued, false},
		{cable.DeliveryDelivered, cable.EventEscalated, cable.DeliveryDelivered, true},
	}
	for _, tt := range tests {
		got, err := traffic.DeliveryStep(tt.from, tt.e)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("DeliveryStep(%q, %s) = %s, %v; want %s, ok %v", tt.from, tt.e, got, err, tt.want, tt.ok)
		}
	}
}

func TestClearanceProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    *cable.Draft
		want string
	}{
		{"one missing", draft(cable.DraftDrafting, 1, cable.Clearance{Office: "EAP", By: "e", Version: 1}, cable.Clearance{Office: "T"}),
			"clearance from T missing (cleared: EAP)"},
		{"all missing", draft(cable.DraftDrafting, 1, cable.Clearance{Office: "EAP"}, cable.Clearance{Office: "T"}, cable.Clearance{Office: "S/ES"}),
			"clearances from EAP, T and S/ES missing (cleared: none)"},
		{"voided by an edit", draft(cable.DraftDrafting, 2, cable.Clearance{Office: "T", By: "t", Version: 1}),
			"clearance from T missing (cleared: none)"},
		{"none missing", draft(cable.DraftCleared, 1, cable.Clearance{Office: "T", By: "t", Version: 1}), ""},
	}
	for _, tt := range tests {
		if got := traffic.ClearanceProblem(tt.d); got != tt.want {
			t.Errorf("%s: ClearanceProblem = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	u := &cable.User{Name: "chen", Posts: []string{"AMEMBASSY BEIJING"},
		Roles: []cable.Role{{Kind: cable.RoleDutyOfficer, Post: "amembassy  beijing"}, {Kind: cable.RoleClearer, Post: "EAP"}}}
	if !traffic.HasRole(u, cable.RoleDutyOfficer, "AMEMBASSY BEIJING") {
		t.Error("duty officer role not found under another spelling")
	}
	if traffic.HasRole(u, cable.RoleReleaser, "AMEMBASSY BEIJING") {
		t.Error("releaser role found where there is none")
	}
	if diff := cmp.Diff([]string{"AMEMBASSY BEIJING", "EAP"}, traffic.Sites(u)); diff != "" {
		t.Errorf("Sites (-want +got):\n%s", diff)
	}
	d := &cable.Draft{Drafter: "isn", Origin: "ISN", Clearances: []cable.Clearance{{Office: "EAP"}}}
	if !traffic.CanSeeDraft(u, d, "SECSTATE WASHDC") {
		t.Error("a member of a clearing office may not see the draft")
	}
	other := &cable.User{Name: "x", Posts: []string{"ISN"}}
	if traffic.CanSeeDraft(other, d, "SECSTATE WASHDC") {
		t.Error("a member of the drafting office who is not its drafter sees the draft")
	}
	rel := &cable.User{Name: "s", Roles: []cable.Role{{Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}}
	if !traffic.CanSeeDraft(rel, d, "SECSTATE WASHDC") {
		t.Error("a releaser of the origin's post may not see the draft")
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	ref := time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"November 23, 2007", day(2007, 11, 23)},
		{"Nov. 23", day(2007, 11, 23)},
		{"nov 23rd 2007", day(2007, 11, 23)},
		{"23 November 2007", day(2007, 11, 23)},
		{"23rd of November", day(2007, 11, 23)},
		{"11/23/2007", day(2007, 11, 23)},
		{"11/23/07", day(2007, 11, 23)},
		{"11/23", day(2007, 11, 23)},
		{"2007-11-23", day(2007, 11, 23)},
		{"January 5", day(2008, 1, 5)}, // without a year, the next January
		{"February 30, 2008", time.Time{}},
		{"13/01/2008", time.Time{}},
		{"soon", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := traffic.ParseDate(tt.in, ref)
		if !got.Equal(tt.want) || ok == tt.want.IsZero() {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestRecognize(t *testing.T) {
	t.Parallel()
	ref := time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2007, 11, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		text string
		want traffic.Recognized
	}{
		{"report by, slug", "1. (U) Please report delivery by November 23, 2007. Please slug all responses for ISN, T, and EAP.",
			traffic.Recognized{ActionParagraph: -1, Slug: []string{"ISN", "T", "EAP"},
				Requests: []traffic.Request{{Text: "Please report delivery by November 23, 2007", Due: day(23), Paragraph: 1}}}},
		{"NLT with weekday", "1. (U) ACTION REQUEST: Post should respond NLT Friday, 11/30/2007 to the Department.",
			traffic.Recognized{ActionParagraph: 1, ActionText: "Post should respond NLT Friday, 11/30/2007 to the Department.",
				Requests: []traffic.Request{{Text: "respond NLT Friday, 11/30/2007", Due: day(30), Paragraph: 1}}}},
		{"COB", "1. (U) Embassy is requested to provide its views by COB 27 November.\n\n2. (U) Slug replies to EAP/CM and S/ES-O.",
			traffic.Recognized{ActionParagraph: -1, Slug: []string{"EAP/CM", "S/ES-O"},
				Requests: []traffic.Request{{Text: "provide its views by COB 27 November", Due: day(27), Paragraph: 1}}}},
		{"action request without date", "1. (C) ACTION REQUEST: Department requests that Post deliver the points below.",
			traffic.Recognized{ActionParagraph: 1, ActionText: "Department requests that Post deliver the points below."}},
		{"nothing asked", "1. (U) We reported by phone.", traffic.Recognized{ActionParagraph: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cabletext.ParseString("UNCLAS\n\n" + tt.text + "\n")
			got := traffic.Recognize(c, ref)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Recognize (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecognize_Seed(t *testing.T) {
	t.Parallel()
	c := seed(t)
	got := traffic.Recognize(c, c.Header.Time)
	want := traffic.Recognized{
		ActionParagraph: 1,
		ActionText:      "In the meantime, Department requests the Embassy present this demarche on a specific conventional arms transfer case using the talking points in Para 6.",
		Requests: []traffic.Request{{Text: "Please report delivery of cable and any immediate response by November 23, 2007",
			Due: time.Date(2007, 11, 23, 0, 0, 0, 0, time.UTC), Paragraph: 7}},
		Slug: []string{"ISN", "T", "EAP"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Recognize(seed) (-want +got):\n%s", diff)
	}
	acts, sources := traffic.Actions(nil, got, []string{"AMEMBASSY BEIJING"})
	wantActs := []cable.ActionRequest{{Owner: "AMEMBASSY BEIJING", Due: want.Requests[0].Due, Text: want.Requests[0].Text}}
	if diff := cmp.Diff(wantActs, acts); diff != "" || len(sources) != 1 || sources[0] != "text" {
		t.Errorf("Actions (-want +got):\n%s sources %v", diff, sources)
	}
	drafted := []cable.ActionRequest{{Owner: "AMEMBASSY BEIJING", Due: want.Requests[0].Due, Text: "report delivery"}}
	if acts, _ := traffic.Actions(drafted, got, []string{"AMEMBASSY BEIJING"}); len(acts) != 1 || acts[0].Text != "report delivery" {
		t.Errorf("Actions with the drafter's own request = %v, want it alone", acts)
	}
}

func seed(tb testing.TB) *cable.Cable {
	tb.Helper()
	src, err := os.ReadFile("../cabletext/testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return cabletext.Parse(src)
}

func TestRender_Seed(t *testing.T) {
	t.Parallel()
	body := cabletext.ParseString(strings.Replace(seed(t).Source.Body, "S E C R E T STATE 159388", "S E C R E T", 1))
	tr := traffic.Transmission{
		From:   cable.Site{PLAD: "SECSTATE WASHDC", RI: "RUEHC", Station: "STATE"},
		Serial: 159388,
		Time:   time.Date(2007, 11, 22, 0, 11, 30, 0, time.UTC),
		Number: 1,
		To:     []traffic.Addressing{{Site: cable.Site{PLAD: "AMEMBASSY BEIJING", RI: "RUEHBJ"}, Precedence: cable.Immediate, MCN: 1}},
		Info:   []traffic.Addressing{{Site: cable.Site{PLAD: "AMEMBASSY TOKYO", RI: "RUEHKO"}, Precedence: cable.Routine, MCN: 12345}},
	}
	out, c, err := traffic.Render(body, tr)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := `VZCZCXYZ0001
OO RUEHWEB
DE RUEHC #9388 3260011
ZNY SSSSS ZZH
O R 220011Z NOV 07
FM RUEHC/SECSTATE WASHDC
TO RUEHBJ/AMEMBASSY BEIJING IMMEDIATE 0001
INFO RUEHKO/AMEMBASSY TOKYO ROUTINE 2345
S E C R E T STATE 159388
`
	if !strings.HasPrefix(out, wantHeader) {
		t.Errorf("Render header:\n%s\nwant:\n%s", out[:len(wantHeader)], wantHeader)
	}
	if c.ID != "07STATE159388" || c.Header.Precedence != cable.Immediate || len(c.Text.Paragraphs) != 8 {
		t.Errorf("read back: id %s, precedence %s, %d paragraphs", c.ID, c.Header.Precedence, len(c.Text.Paragraphs))
	}
	got := traffic.FormatProblems(c)
	want := []string{"banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FormatProblems (-want +got):\n%s", diff)
	}
}

func TestBuildHeader(t *testing.T) {
	t.Parallel()
	at := time.Date(2009, 2, 3, 14, 5, 0, 0, time.UTC)
	from := cable.Site{PLAD: "AMEMBASSY BUJUMBURA", RI: "RUEHJB", Station: "BUJUMBURA"}
	tests := []struct {
		name                   string
		to, info               []traffic.Addressing
		level                  string
		sipdis                 bool
		prosign, fl5, fl4, fl1 string
		routes                 []string
	}{
		{"flash", []traffic.Addressing{{Site: cable.Site{PLAD: "SECSTATE WASHDC", RI: "RUEHC"}, Precedence: cable.Flash}}, nil,
			"CONFIDENTIAL", false, "ZZ", "Z", "ZNY CCCCC ZZH", "VZCZCXRO0302", []string{"RUEHC"}},
		{"niact travels as O", []traffic.Addressing{{Site: cable.Site{PLAD: "SECSTATE WASHDC", RI: "RUEHC"}, Precedence: cable.NiactImmediate}},
			[]traffic.Addressing{{Site: cable.Site{PLAD: "AMEMBASSY KIGALI", RI: "RUEHLGB"}, Precedence: cable.Immediate}},
			"UNCLASSIFIED", true, "OO", "O", "ZNR UUUUU ZZH", "VZCZCXYZ0302", []string{"RUEHWEB"}},
		{"info outranks action", []traffic.Addressing{{Site: cable.Site{PLAD: "SECSTATE WASHDC", RI: "RUEHC"}, Precedence: cable.Routine}},
			[]traffic.Addressing{{Site: cable.Site{PLAD: "AMEMBASSY KIGALI", RI: "RUEHLGB"}, Precedence: cable.Priority}},
			"SECRET", false, "PP", "R P", "ZNY SSSSS ZZH", "VZCZCXRO0302", []string{"RUEHC", "RUEHLGB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := traffic.BuildHeader(traffic.Transmission{From: from, Serial: 302, Time: at, Number: 10302, To: tt.to, Info: tt.info}, tt.level, false, tt.sipdis)
			fl5 := strings.TrimSpace(h.Precedence.Prosign() + " " + h.InfoPrecedence.Prosign())
			got := []string{h.Prosign, fl5, h.Security, h.TransmissionID, h.DTG, h.FilingTime, h.StationSerial}
			want := []string{tt.prosign, tt.fl5, tt.fl4, tt.fl1, "031405Z FEB 09", "0341405", "0302"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.routes, h.Routes); diff != "" {
				t.Errorf("routes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddresseeProblems(t *testing.T) {
	t.Parallel()
	d := &cable.Draft{Addressees: []cable.Addressee{
		{PLAD: "AMEMBASSY PARIS", Role: cable.RoleInfo, Precedence: cable.NiactImmediate},
		{PLAD: "amembassy paris", Role: cable.RoleInfo, Precedence: cable.Routine},
		{PLAD: "AMEMBASSY ROME", Role: cable.RoleInfo},
	}}
	want := []string{
		"NIACT IMMEDIATE is for action addressees: make AMEMBASSY PARIS a TO addressee or give it IMMEDIATE",
		"addressee AMEMBASSY PARIS is listed twice: keep one",
		"addressee AMEMBASSY ROME has no precedence: give one of FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE",
		"the draft has no TO addressee: add one with --to PLAD:PRECEDENCE",
	}
	if diff := cmp.Diff(want, traffic.AddresseeProblems(d)); diff != "" {
		t.Errorf("AddresseeProblems (-want +got):\n%s", diff)
	}
}

func TestMeasure(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)
	var samples []traffic.Sample
	for i := 1; i <= 100; i++ { // FLASH: 1..100 seconds, all met
		samples = append(samples, traffic.Sample{Precedence: cable.Flash, Queued: t0, DeliveredAt: t0.Add(time.Duration(i) * time.Second)})
	}
	samples = append(samples,
		traffic.Sample{Precedence: cable.Immediate, Queued: t0, DeliveredAt: t0.Add(31 * time.Minute)},
		traffic.Sample{Precedence: cable.Routine, Queued: t0},
		traffic.Sample{Precedence: cable.Routine, Queued: t0.Add(5 * time.Hour)})
	got := traffic.Measure(samples, t0.Add(7*time.Hour))
	want := []cable.SpeedOfService{
		{Precedence: cable.Flash, Objective: 10 * time.Minute, Delivered: 100, Met: 100, P50: 50 * time.Second, P99: 99 * time.Second, Max: 100 * time.Second,
			Spread: []int{100, 0, 0, 0, 0, 0}},
		{Precedence: cable.NiactImmediate, Objective: 30 * time.Minute},
		{Precedence: cable.Immediate, Objective: 30 * time.Minute, Delivered: 1, Missed: 1, P50: 31 * time.Minute, P99: 31 * time.Minute, Max: 31 * time.Minute,
			Spread: []int{0, 0, 0, 1, 0, 0}},
		{Precedence: cable.Priority, Objective: 3 * time.Hour},
		{Precedence: cable.Routine, Objective: 6 * time.Hour, Pending: 2, PendingLate: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Measure (-want +got):\n%s", diff)
	}
}

func TestStationOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SECSTATE WASHDC":           "STATE",
		"AMEMBASSY BEIJING":         "BEIJING",
		"AMEMBASSY BUENOS AIRES":    "BUENOSAIRES",
		"AMCONSUL HO CHI MINH CITY": "HOCHIMINHCITY",
		"USMISSION USUN NEW YORK":   "USUNNEWYORK",
		"USMISSION GENEVA":          "GENEVA",
		"USEU BRUSSELS":             "USEUBRUSSELS",
		"AIT TAIPEI":                "AITTAIPEI",
		"AMCONSUL MAZAR-E SHARIF":   "MAZARESHARIF",
		"CIA WASHDC":                "",
	} {
		if got := traffic.StationOf(in); got != want {
			t.Errorf("StationOf(%q) = %q, want %q", in, got, want)
		}
	}
}
