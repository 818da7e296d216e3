package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/traffic"
)

// ReleaseDraft releases a draft: in one transaction it takes the post's
// next serial, the continuity and transmission numbers, renders and
// archives the canonical telegram, records the cable's action requests
// and the offices replies are slugged for, closes the requests it answers,
// and queues one delivery per addressee (the outbox). A refusal rolls all
// of it back, so no number is used up, and is recorded as an event.
func (t *Traffic) ReleaseDraft(ctx context.Context, id int64) (*cable.Release, error) {
	u, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return nil, fmt.Errorf("release draft %d: %w", id, err)
	}
	defer tx.Rollback()
	d, post, err := draftFor(ctx, tx.Tx, u, id)
	if err != nil {
		return nil, err
	}
	if !traffic.HasRole(u, cable.RoleReleaser, d.Origin, post.PLAD) {
		return nil, cable.Errorf(cable.Forbidden, "%s is not a releaser at %s", u.Name, post.PLAD)
	}
	if _, err := traffic.Step(d, cable.EventRefused); err != nil { // a released draft is a Conflict
		return nil, err
	}
	p := &release{t: t, d: d, post: post, now: t.Now().UTC(), by: u.Name, releaserPosts: u.Posts, reader: access.ReaderOf(u)}
	reasons, err := p.plan(ctx, tx.Tx)
	if err != nil {
		return nil, err
	}
	if len(reasons) > 0 {
		tx.Rollback()
		return nil, t.refuse(ctx, p, reasons)
	}
	rel, err := p.commit(ctx, t.DB, tx.Tx)
	if err != nil {
		return nil, err
	}
	if err := tx.audit(audit.KindRelease, rel.CableID, fmt.Sprintf("draft=%d", id)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("release draft %d: %w", id, err)
	}
	// The release stands: a change the index fails to apply stays
	// queued, and the next Open applies it.
	if err := t.ix.apply(ctx, p.job); err != nil {
		t.Logger.Error("index released cable", "cable", rel.CableID, "err", err)
	}
	t.notify()
	return rel, nil
}

// refuse records a refused release and returns the refusal.
func (t *Traffic) refuse(ctx context.Context, p *release, reasons []string) error {
	err := &cable.ReleaseRefusedError{DraftID: p.d.ID, Reasons: reasons}
	if e := addEvent(ctx, t.write, cable.Event{At: p.now, Kind: cable.EventRefused, DraftID: p.d.ID, Site: p.d.Origin, By: p.by,
		Detail: strings.Join(reasons, "; ")}); e != nil {
		t.Logger.Error("record refusal", "draft", p.d.ID, "err", e)
	}
	return err
}

// release is one release in the making.
type release struct {
	t    *Traffic
	d    *cable.Draft
	post *cable.Site
	now  time.Time
	by   string
	// releaserPosts are the releasing officer's offices, which become
	// parties to the cable: whoever released a cable may read it.
	releaserPosts []string
	reader        access.Reader // the releasing officer's access

	body     *cable.Cable
	lines    []*line // header addressees, in draft order
	copies   []*copyOf
	owners   []string // action addressees
	slugReq  []string // offices replies are to be slugged for
	rec      traffic.Recognized
	tr       traffic.Transmission
	telegram string
	c        *cable.Cable
	cited    []string  // the cables it cites that the releaser may know of
	job      *indexJob // the search index's change, applied after the commit
}

// line is one header addressee.
type line struct {
	site       *cable.Site
	role       cable.AddresseeRole
	precedence cable.Precedence
}

// copyOf is one delivery to queue.
type copyOf struct {
	site       *cable.Site
	role       cable.AddresseeRole
	precedence cable.Precedence
}

var roleRank = map[cable.AddresseeRole]int{cable.RoleTo: 3, cable.RoleInfo: 2, cable.RoleSlug: 1}

// plan resolves everything the release needs and renders the telegram,
// returning every reason to refuse it. Counters are taken in tx, which the
// caller rolls back on refusal.
func (p *release) plan(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var reasons []string
	if s := traffic.ClearanceProblem(p.d); s != "" {
		reasons = append(reasons, s)
	}
	reasons = append(reasons, traffic.AddresseeProblems(p.d)...)
	p.body = cabletext.ParseString(p.d.Text)
	textOK := len(traffic.TextProblems(p.body)) == 0
	reasons = append(reasons, traffic.TextProblems(p.body)...)
	r, err := p.resolve(ctx, tx)
	if err != nil {
		return nil, err
	}
	reasons = append(reasons, r...)
	if p.post.Station == "" || p.post.RI == "" {
		reasons = append(reasons, fmt.Sprintf("origin %s has no station or routing indicator: set them with cable directory set", p.post.PLAD))
		return reasons, nil
	}
	if !textOK {
		return reasons, nil
	}
	if err := p.render(ctx, tx); err != nil {
		return nil, err
	}
	return append(reasons, traffic.FormatProblems(p.c)...), nil
}

// resolve finds the addressees, action owners and slug offices in the
// directory. An office travels in the header as its post and gets a copy
// of its own; a collective with members gets a copy per member.
func (p *release) resolve(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var reasons []string
	p.rec = traffic.Recognize(p.body, p.now)
	for _, a := range p.d.Addressees {
		s, err := findSite(ctx, tx, a.PLAD)
		if cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, traffic.UnknownSite("addressee", a.PLAD))
			continue
		}
		if err != nil {
			return nil, err
		}
		hs, err := postOf(ctx, tx, s)
		if err != nil {
			return nil, err
		}
		p.addLine(hs, a.Role, a.Precedence)
		if a.Role == cable.RoleTo && !slices.Contains(p.owners, s.PLAD) {
			p.owners = append(p.owners, s.PLAD)
		}
		if s.Kind != cable.SiteCollective || len(s.Members) == 0 {
			p.addCopy(s, a.Role, a.Precedence)
			continue
		}
		for _, m := range s.Members {
			ms, err := findSite(ctx, tx, m)
			if err != nil {
				return nil, err
			}
			p.addCopy(ms, a.Role, a.Precedence)
		}
	}
	for _, a := range p.d.Actions {
		if _, err := findSite(ctx, tx, a.Owner); cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, traffic.UnknownSite("action owner", a.Owner))
		} else if err != nil {
			return nil, err
		}
	}
	for _, o := range slices.Concat(p.d.Slug, p.rec.Slug) {
		s, err := findSite(ctx, tx, o)
		if cable.KindOf(err) == cable.NotFound {
			reasons = append(reasons, traffic.UnknownSite("slug office", o))
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(p.slugReq, s.PLAD) {
			p.slugReq = append(p.slugReq, s.PLAD)
		}
	}
	return reasons, nil
}

func (p *release) addLine(s *cable.Site, role cable.AddresseeRole, prec cable.Precedence) {
	for _, l := range p.lines {
		if l.site.PLAD == s.PLAD {
			if roleRank[role] > roleRank[l.role] {
				l.role = role
			}
			l.precedence = max(l.precedence, prec)
			return
		}
	}
	p.lines = append(p.lines, &line{site: s, role: role, precedence: prec})
}

func (p *release) addCopy(s *cable.Site, role cable.AddresseeRole, prec cable.Precedence) {
	for _, c := range p.copies {
		if c.site.PLAD == s.PLAD {
			if roleRank[role] > roleRank[c.role] {
				c.role = role
			}
			c.precedence = max(c.precedence, prec)
			return
		}
	}
	p.copies = append(p.copies, &copyOf{site: s, role: role, precedence: prec})
}

// maxSerialSkips bounds the search for a serial whose id is not already
// in the archive (a post's earlier cables imported from elsewhere).
const maxSerialSkips = 1000

// render takes the serial, continuity and transmission numbers and
// renders the telegram.
func (p *release) render(ctx context.Context, tx *sql.Tx) error {
	year := p.now.Year()
	p.tr = traffic.Transmission{From: *p.post, Time: p.now}
	for i := 0; ; i++ {
		n, err := nextCounter(ctx, tx, serialCounter(p.post.Station, year))
		if err != nil {
			return err
		}
		p.tr.Serial = n
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cables WHERE id = ?`, p.tr.ID()).Scan(&taken); err != nil {
			return err
		}
		if taken == 0 {
			break
		}
		if i == maxSerialSkips {
			return cable.Errorf(cable.Conflict, "serials of %s in %d are taken up to %d: set the next with cable directory serial", p.post.PLAD, year, n)
		}
	}
	n, err := nextCounter(ctx, tx, "tx/"+p.post.PLAD+"/"+traffic.Channel(p.body))
	if err != nil {
		return err
	}
	p.tr.Number = n
	for _, l := range p.lines {
		mcn, err := nextCounter(ctx, tx, "mcn/"+p.post.PLAD+"/"+l.site.PLAD)
		if err != nil {
			return err
		}
		a := traffic.Addressing{Site: *l.site, Precedence: l.precedence, MCN: mcn}
		if l.role == cable.RoleTo {
			p.tr.To = append(p.tr.To, a)
		} else {
			p.tr.Info = append(p.tr.Info, a)
		}
	}
	p.telegram, p.c, err = traffic.Render(p.body, p.tr)
	return err
}
