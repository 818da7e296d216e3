package api

import (
	"github.com/cable/cable/internal/cable"
)

// Wire types of released traffic: the answer of a release, deliveries and
// inboxes, events, action requests, tasking and speed of service. The
// conventions for times, days and lists are those of traffic.go.

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
	// Escalation is how far an unacknowledged copy went: 1 to the site's
	// duty officers, 2 on to the post's management; absent when it did not.
	Escalation   int    `json:"escalation,omitempty"`
	Escalated2At string `json:"escalated2_at,omitempty"`
	Relay        string `json:"relay,omitempty"`
	Attempts     int    `json:"attempts,omitempty"`
}

// FromDelivery maps a copy onto its JSON document. The telegram of a
// relayed copy is not part of it.
func FromDelivery(d *cable.Delivery) Delivery {
	return Delivery{ID: d.ID, CableID: d.CableID, Site: d.Site, Role: string(d.Role), Precedence: d.Precedence.String(),
		State: string(d.State), QueuedAt: stamp(d.QueuedAt), DeliveredAt: stamp(d.DeliveredAt), AckRequired: d.AckRequired,
		AckedBy: d.AckedBy, AckedAt: stamp(d.AckedAt), EscalatedAt: stamp(d.EscalatedAt), Relay: d.Relay, Attempts: d.Attempts,
		Escalation: d.EscalationLevel(), Escalated2At: stamp(d.Escalated2At)}
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
