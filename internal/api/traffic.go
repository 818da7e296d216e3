package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// This file and traffic_delivery.go hold the wire types of traffic under
// /api/v1/: here the directory, drafts and their clearances; there
// releases, inboxes, deliveries, events, action requests and speed of
// service. Times are RFC 3339 UTC strings,
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
