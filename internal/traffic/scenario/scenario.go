// Package scenario plays the seed's traffic (07STATE159388) end to end
// against the traffic, user and archive services: ISN drafts the demarche
// with the seed's text and marks, EAP and T clear it, release is refused
// (a clearance missing, and the seed's banner SECRET below its roll-up
// SECRET//NOFORN) until the drafter fixes the banner and the offices clear
// again, it is released IMMEDIATE to Beijing, the Beijing duty officer
// finds it at the top of the inbox and acknowledges it, Beijing replies
// with REF: STATE 159388 before the deadline, the action closes, and the
// reply reaches ISN, T and EAP, for which the demarche asked replies to be
// slugged. The test suites and "cable demo" both play it.
package scenario

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// seed is a copy of internal/cabletext/testdata/seed.txt, embedded so that
// "cable demo" needs no files.
//
//go:embed seed.txt
var seed []byte

// Seed returns the seed cable as published.
func Seed() []byte { return bytes.Clone(seed) }

// Start is when the scenario begins: the evening before the seed's DTG.
var Start = time.Date(2007, 11, 21, 20, 0, 0, 0, time.UTC)

// Services is what the scenario plays against.
type Services interface {
	cable.TrafficService
	cable.UserService
	cable.CableService
}

// Config says how to play.
type Config struct {
	Services Services
	// SetTime moves the clock the services read.
	SetTime func(time.Time)
	// Deliver returns once the copies a release queued are delivered:
	// a running dispatcher, or a loop over the store's outbox.
	Deliver func(ctx context.Context, rel *cable.Release) error
	// Logf prints a step; nil prints nothing.
	Logf func(format string, args ...any)
	// Password is given to the users the scenario creates.
	Password string
	// Info are posts that get an INFO copy of the demarche (ROUTINE):
	// the network demo sends one to London.
	Info []string
}

// Result is what happened, for tests to check.
type Result struct {
	Refusal    []string
	Demarche   *cable.Release
	Drafts     [2]int64
	BeijingTop *cable.InboxItem
	Acked      []*cable.Delivery
	Reply      *cable.Release
	Actions    []*cable.Action
	// OfficeTop is the top of the ISN, T and EAP users' inboxes.
	OfficeTop map[string]*cable.InboxItem
	Tasking   *cable.TaskingReport
	Speed     []cable.SpeedOfService
}

// User is one person of the scenario.
type User struct {
	Name, Display string
	Posts         []string
	Roles         []cable.Role
	Admin         bool
}

// Users are the people of the scenario, all US citizens cleared SECRET.
var Users = []User{
	{"admin", "Directory administrator", []string{"S/ES-O"}, nil, true},
	{"isn-drafter", "ISN desk officer", []string{"ISN"}, []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}}, false},
	{"eap-clearer", "EAP/CM clearing officer", []string{"EAP"}, []cable.Role{{Kind: cable.RoleClearer, Post: "EAP"}}, false},
	{"t-clearer", "T staff clearing officer", []string{"T"}, []cable.Role{{Kind: cable.RoleClearer, Post: "T"}}, false},
	{"ses-releaser", "S/ES line officer, releasing for the Secretary", []string{"S/ES"},
		[]cable.Role{{Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}, false},
	{"beijing-duty", "Embassy Beijing duty officer", []string{"AMEMBASSY BEIJING"},
		[]cable.Role{{Kind: cable.RoleDutyOfficer, Post: "AMEMBASSY BEIJING"}}, false},
	{"beijing-pol", "Embassy Beijing political officer", []string{"AMEMBASSY BEIJING"},
		[]cable.Role{{Kind: cable.RoleDrafter, Post: "AMEMBASSY BEIJING"}}, false},
	{"beijing-dcm", "Embassy Beijing deputy chief of mission", []string{"AMEMBASSY BEIJING"},
		[]cable.Role{{Kind: cable.RoleReleaser, Post: "AMEMBASSY BEIJING"}}, false},
}

// DemarcheText is the seed's telegram text as ISN drafts it: from the
// classification line on, with no station and serial yet, and the seed's
// own banner, SECRET, which is below its roll-up.
func DemarcheText() string {
	body := cabletext.Parse(seed).Source.Body
	return strings.Replace(body, "S E C R E T STATE 159388", "S E C R E T", 1)
}

// FixBanner is the drafter's fix: the NOFORN caption makes the banner
// SECRET//NOFORN, the roll-up of paragraphs 3, 4 and 5.
func FixBanner(text string) string {
	return strings.Replace(text, "\nSIPDIS SIPDIS\n", "\nNOFORN\nSIPDIS\n", 1)
}

// ReplyText is Beijing's reply, which cites the demarche.
const ReplyText = `C O N F I D E N T I A L

SIPDIS

E.O. 12958: DECL: 11/23/2032
TAGS: PARM, PREL, ETTC, CH, IR
SUBJECT: (C) PRC RESPONSE TO DEMARCHE ON CONVENTIONAL ARMS TRANSFER TO IRAN

REF: STATE 159388

Classified By: Deputy Chief of Mission. Reasons: 1.4 (b) and (d).

1. (C) Embassy delivered reftel demarche on November 22 to MFA Arms Control Department officials, who took the points and undertook to report them to capital. They offered no immediate response on the shipment.

2. (U) Embassy will report any further response septel.

RANDT
`

// Serials are the serials the posts last used before the scenario, so
// that the demarche is STATE 159388, as in the archive.
var Serials = map[string]int{"SECSTATE WASHDC": 159387, "AMEMBASSY BEIJING": 7213}

// player holds the state of one play.
type player struct {
	Config
	ctx   context.Context
	users map[string]*cable.User
	res   *Result
}

func (p *player) logf(format string, args ...any) {
	if p.Logf != nil {
		p.Logf(format, args...)
	}
}

// as returns a context acting as user name.
func (p *player) as(name string) context.Context {
	return cable.NewContextWithUser(p.ctx, p.users[name])
}

// at moves the clock and says when the next step happens.
func (p *player) at(t time.Time) {
	p.SetTime(t)
	p.logf("\n%s", t.Format("2006-01-02 15:04Z"))
}

// Play plays the scenario and reports what happened.
func Play(ctx context.Context, cfg Config) (*Result, error) {
	p := &player{Config: cfg, ctx: ctx, users: map[string]*cable.User{}, res: &Result{OfficeTop: map[string]*cable.InboxItem{}}}
	p.SetTime(Start)
	if err := p.setUp(); err != nil {
		return nil, err
	}
	for _, step := range []func() error{p.draft, p.refuse, p.fixAndClear, p.release, p.receive, p.reply, p.report} {
		if err := step(); err != nil {
			return p.res, err
		}
	}
	return p.res, nil
}

// setUp creates the users (keeping those that exist) and sets the posts'
// serials.
func (p *player) setUp() error {
	for _, su := range Users {
		u := &cable.User{Name: su.Name, DisplayName: su.Display, Clearance: "SECRET", Citizenship: "USA", Posts: su.Posts,
			Roles: su.Roles, Admin: su.Admin}
		if err := p.Services.CreateUser(p.ctx, u, p.Password); err != nil && cable.KindOf(err) != cable.Conflict {
			return fmt.Errorf("create user %s: %w", su.Name, err)
		}
		stored, err := p.Services.FindUserByName(p.ctx, su.Name)
		if err != nil {
			return err
		}
		p.users[su.Name] = stored
	}
	for plad, last := range Serials {
		if err := p.Services.SetSerial(p.as("admin"), plad, 2007, last); err != nil {
			return err
		}
	}
	p.logf("users: %d (password %q); STATE serial set to %d, BEIJING to %d",
		len(Users), p.Password, Serials["SECSTATE WASHDC"], Serials["AMEMBASSY BEIJING"])
	return nil
}
