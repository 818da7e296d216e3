package scenario

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

func (p *player) draft() error {
	p.at(Start)
	d := &cable.Draft{
		Origin:     "ISN",
		Text:       DemarcheText(),
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: cable.RoleTo, Precedence: cable.Immediate}},
		Clearances: []cable.Clearance{{Office: "EAP"}, {Office: "T"}},
	}
	for _, post := range p.Info {
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: post, Role: cable.RoleInfo, Precedence: cable.Routine})
	}
	if err := p.Services.CreateDraft(p.as("isn-drafter"), d); err != nil {
		return fmt.Errorf("draft the demarche: %w", err)
	}
	p.res.Drafts[0] = d.ID
	p.logf("  isn-drafter drafts the demarche in ISN as draft %d: TO AMEMBASSY BEIJING IMMEDIATE, to be cleared by EAP and T", d.ID)
	p.at(Start.Add(40 * time.Minute))
	if _, err := p.Services.ClearDraft(p.as("eap-clearer"), d.ID, "EAP"); err != nil {
		return fmt.Errorf("EAP clears: %w", err)
	}
	p.logf("  eap-clearer clears it for EAP")
	return nil
}

// refuse tries to release too early: T has not cleared, and the banner is
// the seed's.
func (p *player) refuse() error {
	p.at(Start.Add(70 * time.Minute))
	_, err := p.Services.ReleaseDraft(p.as("ses-releaser"), p.res.Drafts[0])
	var refusal *cable.ReleaseRefusedError
	if !errors.As(err, &refusal) {
		return fmt.Errorf("the first release must be refused, got %v", err)
	}
	p.res.Refusal = refusal.Reasons
	p.logf("  ses-releaser tries to release it; release is refused:")
	for _, r := range refusal.Reasons {
		p.logf("    - %s", r)
	}
	return nil
}

func (p *player) fixAndClear() error {
	id := p.res.Drafts[0]
	p.at(Start.Add(90 * time.Minute))
	d, err := p.Services.FindDraftByID(p.as("isn-drafter"), id)
	if err != nil {
		return err
	}
	text := FixBanner(d.Text)
	if _, err := p.Services.UpdateDraft(p.as("isn-drafter"), id, cable.DraftUpdate{Text: &text}); err != nil {
		return fmt.Errorf("fix the banner: %w", err)
	}
	p.logf("  isn-drafter adds the NOFORN caption: the banner is now SECRET//NOFORN; the edit voids EAP's clearance")
	for i, c := range []struct{ user, office string }{{"eap-clearer", "EAP"}, {"t-clearer", "T"}} {
		p.at(Start.Add(time.Duration(120+30*i) * time.Minute))
		d, err := p.Services.ClearDraft(p.as(c.user), id, c.office)
		if err != nil {
			return fmt.Errorf("%s clears: %w", c.office, err)
		}
		p.logf("  %s clears it for %s (draft is %s)", c.user, c.office, d.State)
	}
	return nil
}

func (p *player) release() error {
	p.at(time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC))
	rel, err := p.Services.ReleaseDraft(p.as("ses-releaser"), p.res.Drafts[0])
	if err != nil {
		return fmt.Errorf("release the demarche: %w", err)
	}
	p.res.Demarche = rel
	p.logf("  ses-releaser releases it as %s, DTG %s; the canonical telegram begins:", rel.CableID, rel.DTG)
	lines := strings.SplitN(rel.Telegram, "\n", 10)
	for _, l := range lines[:min(len(lines), 9)] {
		p.logf("    | %s", l)
	}
	for _, a := range rel.Actions {
		p.logf("  action for %s, due %s (%s): %q", a.Owner, a.Due.Format(time.DateOnly), a.Source, a.Text)
	}
	if len(rel.Actions) > 0 {
		p.logf("  replies are to be slugged for %s", strings.Join(rel.Actions[0].Slug, ", "))
	}
	return p.deliver(rel)
}

func (p *player) deliver(rel *cable.Release) error {
	if err := p.Deliver(p.ctx, rel); err != nil {
		return fmt.Errorf("deliver %s: %w", rel.CableID, err)
	}
	var to []string
	for _, d := range rel.Deliveries {
		to = append(to, fmt.Sprintf("%s (%s %s)", d.Site, d.Role, d.Precedence))
	}
	p.logf("  delivered to %s", strings.Join(to, ", "))
	return nil
}

func (p *player) receive() error {
	p.at(time.Date(2007, 11, 22, 0, 12, 0, 0, time.UTC))
	ctx := p.as("beijing-duty")
	box, err := p.Services.Inbox(ctx, cable.InboxFilter{})
	if err != nil {
		return err
	}
	if len(box) == 0 {
		return fmt.Errorf("the Beijing duty officer's inbox is empty")
	}
	p.res.BeijingTop = box[0]
	p.logf("  beijing-duty's inbox, top: %s %s %s %q", box[0].CableID, box[0].Precedence, box[0].Classification, box[0].Subject)
	p.at(time.Date(2007, 11, 22, 0, 20, 0, 0, time.UTC))
	if p.res.Acked, err = p.Services.Acknowledge(ctx, box[0].CableID, ""); err != nil {
		return err
	}
	p.logf("  beijing-duty acknowledges %s", box[0].CableID)
	return nil
}

func (p *player) reply() error {
	p.at(time.Date(2007, 11, 23, 2, 0, 0, 0, time.UTC))
	d := &cable.Draft{
		Origin:     "AMEMBASSY BEIJING",
		Text:       ReplyText,
		Addressees: []cable.Addressee{{PLAD: "SECSTATE WASHDC", Role: cable.RoleTo, Precedence: cable.Immediate}},
	}
	if err := p.Services.CreateDraft(p.as("beijing-pol"), d); err != nil {
		return fmt.Errorf("draft the reply: %w", err)
	}
	p.res.Drafts[1] = d.ID
	p.logf("  beijing-pol drafts the reply as draft %d: TO SECSTATE WASHDC IMMEDIATE, REF: STATE 159388", d.ID)
	p.at(time.Date(2007, 11, 23, 7, 0, 0, 0, time.UTC))
	rel, err := p.Services.ReleaseDraft(p.as("beijing-dcm"), d.ID)
	if err != nil {
		return fmt.Errorf("release the reply: %w", err)
	}
	p.res.Reply = rel
	p.logf("  beijing-dcm releases it as %s, DTG %s", rel.CableID, rel.DTG)
	for _, a := range rel.Answered {
		p.logf("  it answers action %d of %s (due %s): on time", a.ID, a.CableID, a.Due.Format(time.DateOnly))
	}
	if err := p.deliver(rel); err != nil {
		return err
	}
	p.at(time.Date(2007, 11, 23, 7, 30, 0, 0, time.UTC))
	for _, name := range []string{"isn-drafter", "t-clearer", "eap-clearer"} {
		box, err := p.Services.Inbox(p.as(name), cable.InboxFilter{})
		if err != nil {
			return err
		}
		if len(box) == 0 {
			return fmt.Errorf("%s's inbox is empty", name)
		}
		p.res.OfficeTop[p.users[name].Posts[0]] = box[0]
		p.logf("  %s finds in the %s inbox: %s (%s, slugged) %q", name, box[0].Site, box[0].CableID, box[0].Precedence, box[0].Subject)
	}
	return nil
}

func (p *player) report() error {
	p.at(time.Date(2007, 11, 24, 0, 0, 0, 0, time.UTC))
	admin := p.as("admin")
	var err error
	if p.res.Actions, err = p.Services.FindActions(admin, cable.ActionFilter{CableID: p.res.Demarche.CableID}); err != nil {
		return err
	}
	for _, a := range p.res.Actions {
		p.logf("  action %d of %s for %s: %s by %s at %s", a.ID, a.CableID, a.Owner, a.State, a.AnsweredBy, a.AnsweredAt.Format("2006-01-02 15:04Z"))
	}
	if p.res.Tasking, err = p.Services.Tasking(admin, cable.ActionFilter{}); err != nil {
		return err
	}
	for _, r := range p.res.Tasking.Rows {
		p.logf("  tasking of %s: %d requests, %d answered on time, %d late, %d open, %d overdue", r.Owner, r.Total, r.OnTime, r.Late, r.Open, r.Overdue)
	}
	if p.res.Speed, err = p.Services.SpeedOfService(admin, time.Time{}, time.Time{}); err != nil {
		return err
	}
	for _, s := range p.res.Speed {
		if s.Delivered+s.Pending > 0 {
			p.logf("  speed of service %s (objective %s): %d delivered, %d met, %d missed, p99 %s",
				s.Precedence, s.Objective, s.Delivered, s.Met, s.Missed, s.P99)
		}
	}
	return nil
}
