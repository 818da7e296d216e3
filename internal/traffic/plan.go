package traffic

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// Plan is one release in the making: what a store resolves and numbers in
// the release's transaction before it writes anything. The decisions
// (who gets a copy at which precedence, what refuses the release, the
// numbers a telegram takes, the header it gets) are made here, so that
// every store releases alike; the store supplies look-ups and counters.
type Plan struct {
	Draft *cable.Draft
	Post  *cable.Site // the origin's post
	Now   time.Time
	By    string
	// ReleaserPosts are the releasing officer's offices, which become
	// parties to the cable: whoever released a cable may read it.
	ReleaserPosts []string

	Body     *cable.Cable
	Lines    []*Line // header addressees, in draft order
	Copies   []*Copy
	Owners   []string // action addressees
	SlugReq  []string // offices replies are to be slugged for
	Rec      Recognized
	Tr       Transmission
	Telegram string
	Cable    *cable.Cable // the rendered cable
}

// Line is one header addressee.
type Line struct {
	Site       *cable.Site
	Role       cable.AddresseeRole
	Precedence cable.Precedence
}

// Copy is one delivery to queue.
type Copy struct {
	Site       *cable.Site
	Role       cable.AddresseeRole
	Precedence cable.Precedence
}

// Numbers are the store's counters, in the release's transaction, which
// the store rolls back on refusal so that no number is used up.
type Numbers interface {
	// Next takes the next number of a series (serial/STATION/YEAR,
	// mcn/ORIGIN/ADDRESSEE, tx/ORIGIN/CHANNEL).
	Next(ctx context.Context, name string) (int, error)
	// Archived reports whether the archive holds a cable id.
	Archived(ctx context.Context, id string) (bool, error)
}

// NumbersBatch is Numbers that takes the next number of several series
// at once, in the order named (PostgreSQL: in one round trip, where a
// release to many addressees took one per addressee).
type NumbersBatch interface {
	NextAll(ctx context.Context, names []string) ([]int, error)
}

// nextAll takes the next number of each series in names, in order.
func nextAll(ctx context.Context, nums Numbers, names []string) ([]int, error) {
	if b, ok := nums.(NumbersBatch); ok {
		return b.NextAll(ctx, names)
	}
	out := make([]int, len(names))
	for i, name := range names {
		n, err := nums.Next(ctx, name)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

var roleRank = map[cable.AddresseeRole]int{cable.RoleTo: 3, cable.RoleInfo: 2, cable.RoleSlug: 1}

// Check resolves everything the release needs and renders the telegram,
// returning every reason to refuse it.
func (p *Plan) Check(ctx context.Context, find FindSite, nums Numbers) ([]string, error) {
	var reasons []string
	if s := ClearanceProblem(p.Draft); s != "" {
		reasons = append(reasons, s)
	}
	reasons = append(reasons, AddresseeProblems(p.Draft)...)
	p.Body = cabletext.ParseString(p.Draft.Text)
	textOK := len(TextProblems(p.Body)) == 0
	reasons = append(reasons, TextProblems(p.Body)...)
	r, err := p.resolve(ctx, find)
	if err != nil {
		return nil, err
	}
	reasons = append(reasons, r...)
	if p.Post.Station == "" || p.Post.RI == "" {
		reasons = append(reasons, fmt.Sprintf("origin %s has no station or routing indicator: set them with cable directory set", p.Post.PLAD))
		return reasons, nil
	}
	if !textOK {
		return reasons, nil
	}
	if err := p.render(ctx, nums); err != nil {
		return nil, err
	}
	return append(reasons, FormatProblems(p.Cable)...), nil
}

// resolve finds the addressees, action owners and slug offices in the
// directory. An office travels in the header as its post and gets a copy
// of its own; a collective with members gets a copy per member.
func (p *Plan) resolve(ctx context.Context, find FindSite) ([]string, error) {
	var reasons []string
	p.Rec = Recognize(p.Body, p.Now)
	for _, a := range p.Draft.Addressees {
		s, err := find(ctx, a.PLAD)
		if cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, UnknownSite("addressee", a.PLAD))
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := p.address(ctx, find, s, a); err != nil {
			return nil, err
		}
	}
	for _, a := range p.Draft.Actions {
		if _, err := find(ctx, a.Owner); cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, UnknownSite("action owner", a.Owner))
		} else if err != nil {
			return nil, err
		}
	}
	for _, o := range slices.Concat(p.Draft.Slug, p.Rec.Slug) {
		s, err := find(ctx, o)
		if cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, UnknownSite("slug office", o))
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(p.SlugReq, s.PLAD) {
			p.SlugReq = append(p.SlugReq, s.PLAD)
		}
	}
	return reasons, nil
}

// address adds the header line and the copies of addressee a, site s.
func (p *Plan) address(ctx context.Context, find FindSite, s *cable.Site, a cable.Addressee) error {
	hs, err := PostOf(ctx, find, s)
	if err != nil {
		return err
	}
	p.addLine(hs, a.Role, a.Precedence)
	if a.Role == cable.RoleTo && !slices.Contains(p.Owners, s.PLAD) {
		p.Owners = append(p.Owners, s.PLAD)
	}
	if s.Kind != cable.SiteCollective || len(s.Members) == 0 {
		p.AddCopy(s, a.Role, a.Precedence)
		return nil
	}
	for _, m := range s.Members {
		ms, err := find(ctx, m)
		if err != nil {
			return err
		}
		p.AddCopy(ms, a.Role, a.Precedence)
	}
	return nil
}

func (p *Plan) addLine(s *cable.Site, role cable.AddresseeRole, prec cable.Precedence) {
	for _, l := range p.Lines {
		if l.Site.PLAD == s.PLAD {
			if roleRank[role] > roleRank[l.Role] {
				l.Role = role
			}
			l.Precedence = max(l.Precedence, prec)
			return
		}
	}
	p.Lines = append(p.Lines, &Line{Site: s, Role: role, Precedence: prec})
}

// AddCopy adds a copy for s, or raises the role and precedence of the
// copy s has.
func (p *Plan) AddCopy(s *cable.Site, role cable.AddresseeRole, prec cable.Precedence) {
	for _, c := range p.Copies {
		if c.Site.PLAD == s.PLAD {
			if roleRank[role] > roleRank[c.Role] {
				c.Role = role
			}
			c.Precedence = max(c.Precedence, prec)
			return
		}
	}
	p.Copies = append(p.Copies, &Copy{Site: s, Role: role, Precedence: prec})
}

// maxSerialSkips bounds the search for a serial whose id is not already
// in the archive (a post's earlier cables imported from elsewhere).
const maxSerialSkips = 1000

// render takes the serial, continuity and transmission numbers and
// renders the telegram.
func (p *Plan) render(ctx context.Context, nums Numbers) error {
	year := p.Now.Year()
	p.Tr = Transmission{From: *p.Post, Time: p.Now}
	for i := 0; ; i++ {
		n, err := nums.Next(ctx, SerialCounter(p.Post.Station, year))
		if err != nil {
			return err
		}
		p.Tr.Serial = n
		taken, err := nums.Archived(ctx, p.Tr.ID())
		if err != nil {
			return err
		}
		if !taken {
			break
		}
		if i == maxSerialSkips {
			return cable.Errorf(cable.Conflict, "serials of %s in %d are taken up to %d: set the next with cable directory serial", p.Post.PLAD, year, n)
		}
	}
	names := []string{"tx/" + p.Post.PLAD + "/" + Channel(p.Body)}
	for _, l := range p.Lines {
		names = append(names, "mcn/"+p.Post.PLAD+"/"+l.Site.PLAD)
	}
	ns, err := nextAll(ctx, nums, names)
	if err != nil {
		return err
	}
	p.Tr.Number = ns[0]
	for i, l := range p.Lines {
		a := Addressing{Site: *l.Site, Precedence: l.Precedence, MCN: ns[i+1]}
		if l.Role == cable.RoleTo {
			p.Tr.To = append(p.Tr.To, a)
		} else {
			p.Tr.Info = append(p.Tr.Info, a)
		}
	}
	p.Telegram, p.Cable, err = Render(p.Body, p.Tr)
	return err
}

// SlugPrecedence is the precedence of a slugged office's copy: that of its
// post's header line, else the cable's highest.
func (p *Plan) SlugPrecedence(s *cable.Site) cable.Precedence {
	top := cable.PrecedenceNone
	for _, l := range p.Lines {
		if l.Site.PLAD == s.Parent || l.Site.PLAD == s.PLAD {
			return l.Precedence
		}
		top = max(top, l.Precedence)
	}
	return top
}

// Slugged returns the sites that hold the cable without a header line of
// their own, which the store adds to its distribution (parties, role
// slug): the drafting and clearing offices, the releasing officer's
// offices, offices and collective members that get copies.
func (p *Plan) Slugged() []string {
	slugged := []string{p.Draft.Origin}
	for _, cl := range p.Draft.Clearances {
		slugged = append(slugged, cl.Office)
	}
	for _, o := range p.ReleaserPosts {
		slugged = append(slugged, Norm(o))
	}
	for _, c := range p.Copies {
		slugged = append(slugged, c.Site.PLAD)
	}
	return slugged
}

// ActionsToRecord returns the action requests the release records: the
// drafter's and those recognised in the text, open, not yet stored.
// The store keeps each owner as Norm(Owner).
func (p *Plan) ActionsToRecord() []*cable.Action {
	reqs, sources := Actions(p.Draft.Actions, p.Rec, p.Owners)
	var out []*cable.Action
	for i, r := range reqs {
		out = append(out, &cable.Action{CableID: p.Cable.ID, ActionRequest: r, Source: sources[i], State: cable.ActionOpen,
			Slug: p.SlugReq, CreatedAt: p.Now})
	}
	return out
}

// Delivery is the queued delivery of copy c, sent through hop ("" local).
func (p *Plan) Delivery(c *Copy, hop string) *cable.Delivery {
	return &cable.Delivery{CableID: p.Cable.ID, Site: c.Site.PLAD, Role: c.Role, Precedence: c.Precedence, State: cable.DeliveryQueued,
		QueuedAt: p.Now, AckRequired: AckRequired(c.Precedence, c.Role), Relay: hop}
}

// ReleaseEvents are the events a release records: released and
// transmitted (the copies queued).
func (p *Plan) ReleaseEvents(ds []*cable.Delivery) []cable.Event {
	c := p.Cable
	var sites []string
	for _, d := range ds {
		sites = append(sites, d.Site)
	}
	copies := "copies"
	if len(sites) == 1 {
		copies = "copy"
	}
	return []cable.Event{
		{At: p.Now, Kind: cable.EventReleased, DraftID: p.Draft.ID, CableID: c.ID, Site: p.Post.PLAD, By: p.By,
			Detail: fmt.Sprintf("%s %s %s", c.ID, c.Header.DTG, c.Header.Precedence)},
		{At: p.Now, Kind: cable.EventTransmitted, DraftID: p.Draft.ID, CableID: c.ID, Site: p.Post.PLAD, By: System,
			Detail: fmt.Sprintf("%d %s queued: %s", len(sites), copies, strings.Join(sites, ", "))},
	}
}

// Refusal is the event of a refused release.
func (p *Plan) Refusal(reasons []string) cable.Event {
	return cable.Event{At: p.Now, Kind: cable.EventRefused, DraftID: p.Draft.ID, Site: p.Draft.Origin, By: p.By,
		Detail: strings.Join(reasons, "; ")}
}

// CitedCables returns the archive ids c's REF line cites.
func CitedCables(c *cable.Cable) []string {
	var ids []string
	for _, r := range c.Text.References {
		if r.Kind == cable.RefCable && r.ID != "" && r.ID != c.ID && !slices.Contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// DueDay is the stored form of a due date: YYYY-MM-DD, "" for none.
func DueDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
