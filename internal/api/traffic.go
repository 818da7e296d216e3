package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// This file holds the wire types of traffic under /api/v1/: the directory,
// drafts and their clearances, releases, inboxes, deliveries, events,
// action requests and speed of service. Times are RFC 3339 UTC strings,
// left out when unset; days are YYYY-MM-DD; precedences are words
// (NIACT IMMEDIATE); durations are seconds. Lists are never null.

// stamp writes a time as RFC 3339 UTC, with fractional seconds only when
// it has them; the zero time is "".
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Site is a directory entry: a post, an office or a collective address.
// As the body of POST /api/v1/directory, updated_at is ignored.
type Site struct {
	PLAD      string   `json:"plad"`
	Kind      string   `json:"kind"`
	RI        string   `json:"ri,omitempty"`
	Country   string   `json:"country,omitempty"`
	Parent    string   `json:"parent,omitempty"`
	Station   string   `json:"station,omitempty"`
	Name      string   `json:"name,omitempty"`
	Members   []string `json:"members"`
	Relay     string   `json:"relay,omitempty"`
	UpdatedAt string   `json:"updated_at,omitempty"`
}

// FromSite maps a directory entry onto its JSON document.
func FromSite(s *cable.Site) Site {
	return Site{PLAD: s.PLAD, Kind: string(s.Kind), RI: s.RI, Country: s.Country, Parent: s.Parent, Station: s.Station,
		Name: s.Name, Members: orEmpty(s.Members), Relay: s.Relay, UpdatedAt: stamp(s.UpdatedAt)}
}

// Site returns the directory entry the request describes.
func (s Site) Site() *cable.Site {
	return &cable.Site{PLAD: s.PLAD, Kind: cable.SiteKind(s.Kind), RI: s.RI, Country: s.Country, Parent: s.Parent,
		Station: s.Station, Name: s.Name, Members: s.Members, Relay: s.Relay}
}

// SiteUpdate is the body of PATCH /api/v1/directory/{plad}: fields left
// out (or null) are not changed.
type SiteUpdate struct {
	Kind    *string   `json:"kind"`
	RI      *string   `json:"ri"`
	Country *string   `json:"country"`
	Parent  *string   `json:"parent"`
	Station *string   `json:"station"`
	Name    *string   `json:"name"`
	Members *[]string `json:"members"`
	Relay   *string   `json:"relay"`
}

// Update returns the change the request describes.
func (u SiteUpdate) Update() cable.SiteUpdate {
	upd := cable.SiteUpdate{RI: u.RI, Country: u.Country, Parent: u.Parent, Station: u.Station, Name: u.Name,
		Members: u.Members, Relay: u.Relay}
	if u.Kind != nil {
		k := cable.SiteKind(*u.Kind)
		upd.Kind = &k
	}
	return upd
}

// SerialSet is the body of PUT /api/v1/directory/{plad}/serials/{year}:
// the last serial the post used in that year, so that its next release
// takes the one after. Last is required.
type SerialSet struct {
	Last *int `json:"last"`
}

// Serial is the answer of setting a serial.
type Serial struct {
	PLAD string `json:"plad"`
	Year int    `json:"year"`
	Last int    `json:"last"`
}

// Addressee is one addressee of a draft. Role is "to" (the default) or
// "info"; a delivery's role may also be "slug".
type Addressee struct {
	PLAD       string `json:"plad"`
	Role       string `json:"role,omitempty"`
	Precedence string `json:"precedence"`
}

// Clearance is one office's clearance of a draft. By and At are set once
// the office has cleared; Cleared says whether that clearance holds for
// the draft's current version (an edit voids it).
type Clearance struct {
	Office  string `json:"office"`
	By      string `json:"by,omitempty"`
	At      string `json:"at,omitempty"`
	Version int    `json:"version,omitempty"`
	Cleared bool   `json:"cleared"`
}

// ActionRequest is something a draft asks an addressee to do, by a day
// (YYYY-MM-DD, optional).
type ActionRequest struct {
	Owner string `json:"owner"`
	Due   string `json:"due,omitempty"`
	Text  string `json:"text"`
}

// Draft is the JSON document of a draft.
type Draft struct {
	ID         int64           `json:"id"`
	Origin     string          `json:"origin"`
	Drafter    string          `json:"drafter"`
	Text       string          `json:"text"`
	Addressees []Addressee     `json:"addressees"`
	Clearances []Clearance     `json:"clearances"`
	Actions    []ActionRequest `json:"actions"`
	Slug       []string        `json:"slug"`
	Version    int             `json:"version"`
	State      string          `json:"state"`
	CableID    string          `json:"cable_id,omitempty"`
	CreatedAt  string          `json:"created_at"`
	UpdatedAt  string          `json:"updated_at"`
}

// FromDraft maps a draft onto its JSON document.
func FromDraft(d *cable.Draft) Draft {
	out := Draft{ID: d.ID, Origin: d.Origin, Drafter: d.Drafter, Text: d.Text, Addressees: make([]Addressee, 0, len(d.Addressees)),
		Clearances: make([]Clearance, 0, len(d.Clearances)), Actions: make([]ActionRequest, 0, len(d.Actions)),
		Slug: orEmpty(d.Slug), Version: d.Version, State: string(d.State), CableID: d.CableID,
		CreatedAt: stamp(d.CreatedAt), UpdatedAt: stamp(d.UpdatedAt)}
	for _, a := range d.Addressees {
		out.Addressees = append(out.Addressees, Addressee{PLAD: a.PLAD, Role: string(a.Role), Precedence: a.Precedence.String()})
	}
	for _, c := range d.Clearances {
		out.Clearances = append(out.Clearances, Clearance{Office: c.Office, By: c.By, At: stamp(c.At), Version: c.Version,
			Cleared: c.Cleared(d.Version)})
	}
	for _, a := range d.Actions {
		out.Actions = append(out.Actions, fromActionRequest(a))
	}
	return out
}

func fromActionRequest(a cable.ActionRequest) ActionRequest {
	out := ActionRequest{Owner: a.Owner, Text: a.Text}
	if !a.Due.IsZero() {
		out.Due = a.Due.UTC().Format(time.DateOnly)
	}
	return out
}

// DraftHistory is the answer of GET /api/v1/drafts/{id}: the draft's
// fields and its steps, oldest first (as `cable draft show --json`).
type DraftHistory struct {
	Draft
	Events []Event `json:"events"`
}

// DraftCreate is the body of POST /api/v1/drafts. Clearances are the
// offices that must clear the draft.
type DraftCreate struct {
	Origin     string          `json:"origin"`
	Text       string          `json:"text"`
	Addressees []Addressee     `json:"addressees"`
	Clearances []string        `json:"clearances"`
	Actions    []ActionRequest `json:"actions"`
	Slug       []string        `json:"slug"`
}

// Draft returns the draft the request describes, or an error naming the
// field that cannot be read.
func (c DraftCreate) Draft() (*cable.Draft, error) {
	as, err := toAddressees(c.Addressees)
	if err != nil {
		return nil, err
	}
	acts, err := toActions(c.Actions)
	if err != nil {
		return nil, err
	}
	d := &cable.Draft{Origin: c.Origin, Text: c.Text, Addressees: as, Actions: acts, Slug: c.Slug}
	for _, o := range c.Clearances {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
	return d, nil
}

// DraftUpdate is the body of PATCH /api/v1/drafts/{id}: fields left out
// (or null) are not changed. Any change voids the clearances given.
type DraftUpdate struct {
	Text       *string          `json:"text"`
	Addressees *[]Addressee     `json:"addressees"`
	Clearances *[]string        `json:"clearances"`
	Actions    *[]ActionRequest `json:"actions"`
	Slug       *[]string        `json:"slug"`
}

// Update returns the change the request describes, or an error naming the
// field that cannot be read.
func (u DraftUpdate) Update() (cable.DraftUpdate, error) {
	upd := cable.DraftUpdate{Text: u.Text, Clearances: u.Clearances, Slug: u.Slug}
	if u.Addressees != nil {
		as, err := toAddressees(*u.Addressees)
		if err != nil {
			return upd, err
		}
		upd.Addressees = &as
	}
	if u.Actions != nil {
		acts, err := toActions(*u.Actions)
		if err != nil {
			return upd, err
		}
		upd.Actions = &acts
	}
	return upd, nil
}

func toAddressees(as []Addressee) ([]cable.Addressee, error) {
	out := make([]cable.Addressee, 0, len(as))
	for _, a := range as {
		p, err := cable.ParsePrecedence(a.Precedence)
		if err != nil {
			return nil, fmt.Errorf("addressee %s: %w", a.PLAD, err)
		}
		role := cable.AddresseeRole(strings.ToLower(strings.TrimSpace(a.Role)))
		out = append(out, cable.Addressee{PLAD: a.PLAD, Role: role, Precedence: p})
	}
	return out, nil
}

func toActions(as []ActionRequest) ([]cable.ActionRequest, error) {
	out := make([]cable.ActionRequest, 0, len(as))
	for _, a := range as {
		r := cable.ActionRequest{Owner: a.Owner, Text: a.Text}
		if a.Due != "" {
			due, err := time.Parse(time.DateOnly, a.Due)
			if err != nil {
				return nil, fmt.Errorf("action for %s: due %q: want a day YYYY-MM-DD", a.Owner, a.Due)
			}
			r.Due = due
		}
		out = append(out, r)
	}
	return out, nil
}

// ClearRequest is the body of POST /api/v1/drafts/{id}/clearances.
type ClearRequest struct {
	Office string `json:"office"`
}

// Release is the answer of a release: the reference id, DTG and canonical
// telegram of the new cable, its queued copies and action requests, and
// the requests of earlier cables it answered.
type Release struct {
	CableID    string     `json:"cable_id"`
	DTG        string     `json:"dtg"`
	Telegram   string     `json:"telegram"`
	Deliveries []Delivery `json:"deliveries"`
	Actions    []Action   `json:"actions"`
	Answered   []Action   `json:"answered"`
}

// FromRelease maps a release onto its JSON document.
func FromRelease(r *cable.Release) Release {
	return Release{CableID: r.CableID, DTG: r.DTG, Telegram: r.Telegram, Deliveries: FromDeliveries(r.Deliveries),
		Actions: FromActions(r.Actions), Answered: FromActions(r.Answered)}
}

// ReleaseRefused is the body of a refused release (400): the message and
// every reason, each saying what to fix.
type ReleaseRefused struct {
	Error   string   `json:"error"`
	Reasons []string `json:"reasons"`
}

// Delivery is one addressee's copy of a released cable and where it
// stands: queued, sending (a relay holds it) or delivered.
type Delivery struct {
	ID          int64  `json:"id"`
	CableID     string `json:"cable_id"`
	Site        string `json:"site"`
	Role        string `json:"role"`
	Precedence  string `json:"precedence"`
	State       string `json:"state"`
	QueuedAt    string `json:"queued_at"`
	DeliveredAt string `json:"delivered_at,omitempty"`
	AckRequired bool   `json:"ack_required"`
	AckedBy     string `json:"acked_by,omitempty"`
	AckedAt     string `json:"acked_at,omitempty"`
	EscalatedAt string `json:"escalated_at,omitempty"`
	Relay       string `json:"relay,omitempty"`
	Attempts    int    `json:"attempts,omitempty"`
}

// FromDelivery maps a copy onto its JSON document. The telegram of a
// relayed copy is not part of it.
func FromDelivery(d *cable.Delivery) Delivery {
	return Delivery{ID: d.ID, CableID: d.CableID, Site: d.Site, Role: string(d.Role), Precedence: d.Precedence.String(),
		State: string(d.State), QueuedAt: stamp(d.QueuedAt), DeliveredAt: stamp(d.DeliveredAt), AckRequired: d.AckRequired,
		AckedBy: d.AckedBy, AckedAt: stamp(d.AckedAt), EscalatedAt: stamp(d.EscalatedAt), Relay: d.Relay, Attempts: d.Attempts}
}

// FromDeliveries maps copies onto their JSON documents.
func FromDeliveries(ds []*cable.Delivery) []Delivery {
	out := make([]Delivery, 0, len(ds))
	for _, d := range ds {
		out = append(out, FromDelivery(d))
	}
	return out
}

// InboxItem is one line of an inbox: a delivered copy and what the caller
// may see of its cable. Subject and classification are empty when the
// caller may not see them.
type InboxItem struct {
	Delivery
	Subject        string `json:"subject"`
	Classification string `json:"classification"`
	Origin         string `json:"origin"`
	DTG            string `json:"dtg,omitempty"`
	Read           bool   `json:"read"`
}

// FromInbox maps inbox lines onto their JSON documents.
func FromInbox(items []*cable.InboxItem) []InboxItem {
	out := make([]InboxItem, 0, len(items))
	for _, it := range items {
		out = append(out, InboxItem{Delivery: FromDelivery(&it.Delivery), Subject: it.Subject,
			Classification: it.Classification, Origin: it.Origin, DTG: stamp(it.DTG), Read: it.Read})
	}
	return out
}

// AckRequest is the optional body of POST /api/v1/inbox/{id}/ack: Site
// narrows the acknowledgement to one of the caller's posts and offices.
type AckRequest struct {
	Site string `json:"site"`
}

// Event is one recorded step of a draft or cable: what happened, where,
// by whom ("system" for the steps no person takes) and when.
type Event struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Kind    string `json:"kind"`
	DraftID int64  `json:"draft_id,omitempty"`
	CableID string `json:"cable_id,omitempty"`
	Site    string `json:"site,omitempty"`
	By      string `json:"by"`
	Detail  string `json:"detail,omitempty"`
}

// FromEvents maps steps onto their JSON documents.
func FromEvents(es []*cable.Event) []Event {
	out := make([]Event, 0, len(es))
	for _, e := range es {
		out = append(out, Event{ID: e.ID, At: stamp(e.At), Kind: string(e.Kind), DraftID: e.DraftID, CableID: e.CableID,
			Site: e.Site, By: e.By, Detail: e.Detail})
	}
	return out
}

// Action is a released action request. State is open, answered or
// overdue; Source is "drafter" or "text" (release found it in the text).
type Action struct {
	ID         int64    `json:"id"`
	CableID    string   `json:"cable_id"`
	Owner      string   `json:"owner"`
	Due        string   `json:"due,omitempty"`
	Text       string   `json:"text"`
	Source     string   `json:"source"`
	State      string   `json:"state"`
	Slug       []string `json:"slug"`
	AnsweredBy string   `json:"answered_by,omitempty"`
	AnsweredAt string   `json:"answered_at,omitempty"`
	CreatedAt  string   `json:"created_at"`
}

// FromActions maps action requests onto their JSON documents.
func FromActions(as []*cable.Action) []Action {
	out := make([]Action, 0, len(as))
	for _, a := range as {
		r := fromActionRequest(a.ActionRequest)
		out = append(out, Action{ID: a.ID, CableID: a.CableID, Owner: r.Owner, Due: r.Due, Text: r.Text, Source: a.Source,
			State: string(a.State), Slug: orEmpty(a.Slug), AnsweredBy: a.AnsweredBy, AnsweredAt: stamp(a.AnsweredAt),
			CreatedAt: stamp(a.CreatedAt)})
	}
	return out
}

// TaskingReport says, per owner, how many action requests were answered
// on time, late, or not yet.
type TaskingReport struct {
	Rows []TaskingRow `json:"rows"`
}

// TaskingRow is one owner's line of a [TaskingReport].
type TaskingRow struct {
	Owner    string `json:"owner"`
	Total    int    `json:"total"`
	OnTime   int    `json:"on_time"`
	Late     int    `json:"late"`
	Open     int    `json:"open"`
	Overdue  int    `json:"overdue"`
	Undated  int    `json:"undated"`
	Answered int    `json:"answered"`
}

// FromTasking maps a tasking report onto its JSON document.
func FromTasking(r *cable.TaskingReport) TaskingReport {
	out := TaskingReport{Rows: make([]TaskingRow, 0, len(r.Rows))}
	for _, row := range r.Rows {
		out.Rows = append(out.Rows, TaskingRow(row))
	}
	return out
}

// SpeedOfService is the delivery record of one precedence against its
// objective, durations in seconds. Pending counts copies still queued;
// PendingLate those already past the objective.
type SpeedOfService struct {
	Precedence  string  `json:"precedence"`
	Objective   float64 `json:"objective_seconds"`
	Delivered   int     `json:"delivered"`
	Met         int     `json:"met"`
	Missed      int     `json:"missed"`
	Pending     int     `json:"pending"`
	PendingLate int     `json:"pending_late"`
	P50         float64 `json:"p50_seconds"`
	P99         float64 `json:"p99_seconds"`
	Max         float64 `json:"max_seconds"`
}

// FromSpeedOfService maps speed-of-service lines onto their JSON documents.
func FromSpeedOfService(ss []cable.SpeedOfService) []SpeedOfService {
	out := make([]SpeedOfService, 0, len(ss))
	for _, s := range ss {
		out = append(out, SpeedOfService{Precedence: s.Precedence.String(), Objective: s.Objective.Seconds(),
			Delivered: s.Delivered, Met: s.Met, Missed: s.Missed, Pending: s.Pending, PendingLate: s.PendingLate,
			P50: s.P50.Seconds(), P99: s.P99.Seconds(), Max: s.Max.Seconds()})
	}
	return out
}
