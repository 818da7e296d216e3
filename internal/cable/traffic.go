package cable

import (
	"context"
	"slices"
	"strings"
	"time"
)

// This file is the vocabulary of traffic: the directory of sites, drafts
// and their clearances, releases, deliveries with acknowledgement, action
// requests, and the service that moves a cable through its life:
//
//	draft → clearance → release → transmission → delivery → acknowledgement
//
// Every step is recorded as an [Event] with who and when.

// SiteKind says what a directory entry is.
type SiteKind string

// The site kinds. A post is addressed by its PLAD and originates cables
// under its own station; an office (ISN, EAP, S/ES) belongs to a post, is
// addressed in headers as that post, and is a site of its own for
// drafting, clearance, slugging and inboxes; a collective address stands
// for its member posts.
const (
	SitePost       SiteKind = "post"
	SiteOffice     SiteKind = "office"
	SiteCollective SiteKind = "collective"
)

// Site is one entry of the directory: a post, an office or a collective.
type Site struct {
	// PLAD is the plain-language address (AMEMBASSY BEIJING) or the
	// office symbol (ISN), upper case: the key of the directory.
	PLAD string   `json:"plad"`
	Kind SiteKind `json:"kind"`
	// RI is the ACP 117 routing indicator (RUEHBJ); offices have their
	// post's.
	RI string `json:"ri,omitempty"`
	// Country is the ISO 3166 trigraph of the country the site is in.
	Country string `json:"country,omitempty"`
	// Parent is, for an office, the post it belongs to (SECSTATE WASHDC).
	Parent string `json:"parent,omitempty"`
	// Station is the station name in the reference ids of the cables the
	// post originates (STATE, BEIJING); offices use their post's.
	Station string `json:"station,omitempty"`
	// Name is the site's name for people ("Embassy Beijing").
	Name string `json:"name,omitempty"`
	// Members are, for a collective, the PLADs of its member posts. A
	// collective without members is delivered to as a site of its own.
	Members []string `json:"members,omitempty"`
	// Relay is the base URL of the cable system that serves a remote site;
	// empty for a site served here.
	Relay string `json:"relay,omitempty"`
	// Via is, for a site no link reaches directly, the relay site (PLAD)
	// copies for it go through (docs/sites.md).
	Via string `json:"via,omitempty"`

	UpdatedAt time.Time `json:"updated_at"`
}

// SiteFilter selects directory entries; zero fields mean "any".
type SiteFilter struct {
	Kind    SiteKind
	Country string
	Parent  string
	// Text matches PLADs, RIs and names containing it.
	Text  string
	Limit int
}

// SiteUpdate changes a directory entry; nil fields are left as they are.
type SiteUpdate struct {
	Kind    *SiteKind
	RI      *string
	Country *string
	Parent  *string
	Station *string
	Name    *string
	Members *[]string
	Relay   *string
	Via     *string
}

// AddresseeRole says whether an addressee must act (TO) or is informed
// (INFO); slug marks an office a cable is routed to because a reply was
// slugged for it.
type AddresseeRole string

// The addressee roles.
const (
	RoleTo   AddresseeRole = "to"
	RoleInfo AddresseeRole = "info"
	RoleSlug AddresseeRole = "slug"
)

// Addressee is one addressee of a draft with its own precedence.
type Addressee struct {
	PLAD       string        `json:"plad"`
	Role       AddresseeRole `json:"role"`
	Precedence Precedence    `json:"precedence"`
}

// DraftState is where a draft is in its life.
type DraftState string

// The draft states. A draft is Drafting until every office it names has
// cleared its current text, then Cleared; an edit takes it back to
// Drafting. Released is final.
const (
	DraftDrafting DraftState = "drafting"
	DraftCleared  DraftState = "cleared"
	DraftReleased DraftState = "released"
)

// Draft is a cable being written: its text and the structured fields the
// drafter sets beside it.
type Draft struct {
	ID int64 `json:"id"`
	// Origin is the drafting office or post (ISN, AMEMBASSY BEIJING).
	Origin string `json:"origin"`
	// Drafter is the user name of whoever created the draft.
	Drafter string `json:"drafter"`
	// Text is the telegram text from the classification line on:
	// captions, E.O., TAGS, SUBJECT, REF, Classified By, marked
	// paragraphs and signature. Release adds the station and serial to
	// the classification line, and the header.
	Text       string      `json:"text"`
	Addressees []Addressee `json:"addressees"`
	// Clearances are the offices that must clear the draft, and who did.
	Clearances []Clearance `json:"clearances"`
	// Actions are the action requests the drafter sets; release adds those
	// it recognises in the text.
	Actions []ActionRequest `json:"actions,omitempty"`
	// Slug are the offices replies to this cable are to be slugged for;
	// release adds those the text names ("slug all responses for ISN").
	// A reply that cites the cable is routed to them. (To route a cable
	// itself to an office, address the office.)
	Slug []string `json:"slug,omitempty"`

	// Version counts the edits of the text and fields; a clearance holds
	// for the version it was given to.
	Version int        `json:"version"`
	State   DraftState `json:"state"`
	// CableID is the reference id release assigned.
	CableID   string    `json:"cable_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clearance is one office's clearance of a draft. A clearance given to an
// earlier version than the draft's is void.
type Clearance struct {
	Office string `json:"office"`
	// By and At say who cleared and when; By is empty while the
	// clearance is pending or after an edit voided it.
	By      string    `json:"by,omitempty"`
	At      time.Time `json:"at,omitempty"`
	Version int       `json:"version,omitempty"`
}

// Cleared reports whether c holds for draft version v.
func (c Clearance) Cleared(v int) bool { return c.By != "" && c.Version == v }

// DraftUpdate changes a draft; nil fields are left as they are. Any change
// voids the clearances given so far.
type DraftUpdate struct {
	Text       *string
	Addressees *[]Addressee
	Clearances *[]string // the offices that must clear
	Actions    *[]ActionRequest
	Slug       *[]string
}

// DraftFilter selects drafts; zero fields mean "any" among those the caller
// may see.
type DraftFilter struct {
	State DraftState
	// Pending selects the drafts awaiting a clearance from one of the
	// caller's offices.
	Pending bool
	Limit   int
}

// ActionRequest is something a cable asks an addressee to do, by a date.
type ActionRequest struct {
	// Owner is the action addressee (AMEMBASSY BEIJING).
	Owner string `json:"owner"`
	// Due is the day the action is due, at 00:00 UTC; zero when the
	// request names no date. The action is late after the end of that day.
	Due  time.Time `json:"due,omitzero"`
	Text string    `json:"text"`
}

// ActionState is where an action request stands.
type ActionState string

// The action states. Overdue is not stored: it is an open action past its
// due day, as of now.
const (
	ActionOpen     ActionState = "open"
	ActionAnswered ActionState = "answered"
	ActionOverdue  ActionState = "overdue"
)

// Action is a released action request.
type Action struct {
	ID      int64  `json:"id"`
	CableID string `json:"cable_id"`
	ActionRequest
	// Source is "drafter" when the drafter set the request, "text" when
	// release recognised it in the text.
	Source string      `json:"source"`
	State  ActionState `json:"state"`
	// Slug are the offices responses are to be slugged for.
	Slug []string `json:"slug,omitempty"`
	// AnsweredBy is the reply that answered the request, and AnsweredAt
	// when it was released.
	AnsweredBy string    `json:"answered_by,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
}

// OnTime reports whether an answered action was answered by the end of its
// due day; an action without a due day is always on time.
func (a *Action) OnTime() bool {
	return a.Due.IsZero() || (!a.AnsweredAt.IsZero() && a.AnsweredAt.Before(a.Due.AddDate(0, 0, 1)))
}

// ActionFilter selects actions; zero fields mean "any".
type ActionFilter struct {
	// Site selects the actions owned by a post or office.
	Site string
	// Sites selects the actions owned by any of these posts or offices,
	// in one query however many there are: the inbox of a user serving
	// a thousand sites asked once per site and took seconds. An empty
	// Sites selects any owner, as a zero field does, so a caller with
	// no sites must not ask.
	Sites   []string
	CableID string
	// Overdue selects open actions past their due day.
	Overdue bool
	// Open selects open actions, overdue or not.
	Open  bool
	Limit int
}

// TaskingReport says, per owner, how many action requests were answered on
// time, late, or not yet.
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

// Release is what releasing a draft did.
type Release struct {
	CableID string `json:"cable_id"`
	DTG     string `json:"dtg"`
	// Telegram is the canonical telegram as archived.
	Telegram   string      `json:"telegram"`
	Deliveries []*Delivery `json:"deliveries"`
	Actions    []*Action   `json:"actions,omitempty"`
	// Answered are the actions of earlier cables this one answered.
	Answered []*Action `json:"answered,omitempty"`
}

// ReleaseRefusedError is a refused release: every reason, each saying what
// to fix. [KindOf] sees it as Invalid and [MessageOf] as its text.
type ReleaseRefusedError struct {
	DraftID int64
	Reasons []string
}

// Error lists the reasons: "release refused: clearance from T missing
// (cleared: EAP); banner SECRET must be …".
func (e *ReleaseRefusedError) Error() string {
	return "release refused: " + strings.Join(e.Reasons, "; ")
}

// As lets errors.As find an *[Error] of kind Invalid in a refusal, so that
// every layer maps it as it maps other invalid requests.
func (e *ReleaseRefusedError) As(target any) bool {
	if p, ok := target.(**Error); ok {
		*p = &Error{Kind: Invalid, Message: e.Error()}
		return true
	}
	return false
}

// DeliveryState is where one addressee's copy of a cable stands.
type DeliveryState string

// The delivery states: queued in the outbox at release (transmission),
// sending while a relay to a remote site holds it, delivered when it is in
// the addressee's inbox.
const (
	DeliveryQueued  DeliveryState = "queued"
	DeliverySending DeliveryState = "sending"
	// DeliveryRelayed: the next hop of a relayed copy signed for it; its
	// delivered receipt has not come back yet.
	DeliveryRelayed   DeliveryState = "relayed"
	DeliveryDelivered DeliveryState = "delivered"
	// DeliveryFailed: the next hop refused the copy for a reason no retry
	// can cure (its signature does not verify), or refused it again and
	// again; LastError says why. It is not retried.
	DeliveryFailed DeliveryState = "failed"
)

// Delivery is one addressee's copy of a released cable.
type Delivery struct {
	ID         int64         `json:"id"`
	CableID    string        `json:"cable_id"`
	Site       string        `json:"site"`
	Role       AddresseeRole `json:"role"`
	Precedence Precedence    `json:"precedence"`
	State      DeliveryState `json:"state"`
	// QueuedAt is the release time; DeliveredAt when the copy reached the
	// inbox.
	QueuedAt    time.Time `json:"queued_at"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	// AckRequired is set for FLASH and NIACT IMMEDIATE copies: a named
	// member of the site must acknowledge them.
	AckRequired bool      `json:"ack_required"`
	AckedBy     string    `json:"acked_by,omitempty"`
	AckedAt     time.Time `json:"acked_at,omitzero"`
	// EscalatedAt is when an unacknowledged copy was escalated to the
	// site's duty officers; Escalated2At when, still unacknowledged, it
	// went on to the post's management.
	EscalatedAt  time.Time `json:"escalated_at,omitzero"`
	Escalated2At time.Time `json:"escalated2_at,omitzero"`
	// Relay is the remote system a copy is relayed to; empty for local.
	Relay    string `json:"relay,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
	// RelayedAt and RelayedBy are when and by which node the next hop
	// signed for a relayed copy; DeliveredBy is the node that signed its
	// delivered receipt. LastError is why the last try failed.
	RelayedAt   time.Time `json:"relayed_at,omitzero"`
	RelayedBy   string    `json:"relayed_by,omitempty"`
	DeliveredBy string    `json:"delivered_by,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	// Telegram is the text to relay; set only for relayed copies.
	Telegram string `json:"-"`
}

// InboxFilter selects a caller's inbox.
type InboxFilter struct {
	// Site narrows the inbox to one of the caller's posts and offices.
	Site string
	// Unread and Unacked select the copies the caller has not read, and
	// those still awaiting an acknowledgement.
	Unread, Unacked bool
	// CableID narrows the inbox to the copies of one cable.
	CableID string
	// Precedence keeps the copies of one precedence; PrecedenceNone all.
	Precedence Precedence
	// State keeps the copies in one of InboxStates; "" all.
	State string
	// Settled leaves out the copies awaiting an acknowledgement: the
	// inbox page pins those above the rest, whatever its filter and sort.
	Settled bool
	// Sort orders the copies by one of InboxSorts after those awaiting an
	// acknowledgement, which always come first; "" is the inbox's own
	// order: unread, then by precedence, newest first.
	Sort string
	// Limit and Offset page through the inbox in its order.
	Limit, Offset int
}

// The states an inbox copy is in, for InboxFilter.State, in the order
// InboxFilter.Sort "state" lists them: awaiting an acknowledgement, not
// read by the caller, read, acknowledged.
const (
	InboxAwaiting     = "awaiting"
	InboxUnread       = "unread"
	InboxRead         = "read"
	InboxAcknowledged = "acknowledged"
)

// InboxStates are the states InboxFilter.State may name.
var InboxStates = []string{InboxAwaiting, InboxUnread, InboxRead, InboxAcknowledged}

// InboxSorts are the orders InboxFilter.Sort may name: by precedence
// (most urgent first), by date (the cable's DTG, newest first), by state
// (as InboxStates lists them).
var InboxSorts = []string{"precedence", "date", "state"}

// Check reports, as Invalid, a State or Sort the inbox does not know.
func (f InboxFilter) Check() error {
	if f.State != "" && !slices.Contains(InboxStates, f.State) {
		return Errorf(Invalid, "state: %q is not one of %s", f.State, strings.Join(InboxStates, ", "))
	}
	if f.Sort != "" && !slices.Contains(InboxSorts, f.Sort) {
		return Errorf(Invalid, "sort: %q is not one of %s", f.Sort, strings.Join(InboxSorts, ", "))
	}
	return nil
}

// InboxItem is one line of an inbox: a delivered copy and what the caller
// may see of its cable.
type InboxItem struct {
	Delivery
	// Subject is empty when the caller may not see the subject.
	Subject string `json:"subject"`
	// Classification is the banner with its controls (SECRET//NOFORN),
	// as the cable's page shows it (access.ListBanner); empty when the
	// caller may not see it. Declassified is the day from which it is
	// UNCLASSIFIED, when that day has come.
	Classification string    `json:"classification"`
	Declassified   time.Time `json:"declassified,omitzero"`
	Origin         string    `json:"origin"`
	DTG            time.Time `json:"dtg"`
	Read           bool      `json:"read"`
}

// EventKind names a step of a cable's life.
type EventKind string

// The event kinds.
const (
	EventDrafted      EventKind = "drafted"
	EventEdited       EventKind = "edited"
	EventCleared      EventKind = "cleared"
	EventVoided       EventKind = "clearance-voided"
	EventRefused      EventKind = "release-refused"
	EventReleased     EventKind = "released"
	EventTransmitted  EventKind = "transmitted"
	EventDelivered    EventKind = "delivered"
	EventRead         EventKind = "read"
	EventAcknowledged EventKind = "acknowledged"
	EventEscalated    EventKind = "escalated"
	EventAnswered     EventKind = "answered"
	EventFailed       EventKind = "relay-failed"
)

// Event is one recorded step: what happened, to which draft, cable and
// site, by whom and when. System steps have By "system".
type Event struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Kind    EventKind `json:"kind"`
	DraftID int64     `json:"draft_id,omitempty"`
	CableID string    `json:"cable_id,omitempty"`
	Site    string    `json:"site,omitempty"`
	By      string    `json:"by"`
	Detail  string    `json:"detail,omitempty"`
}

// SpeedOfService is the delivery record of one precedence against its
// objective.
type SpeedOfService struct {
	Precedence Precedence    `json:"precedence"`
	Objective  time.Duration `json:"objective"`
	Delivered  int           `json:"delivered"`
	Met        int           `json:"met"`
	Missed     int           `json:"missed"`
	// Pending counts copies still queued; PendingLate those already past
	// the objective, which are misses in the making.
	Pending     int           `json:"pending"`
	PendingLate int           `json:"pending_late"`
	P50         time.Duration `json:"p50"`
	P99         time.Duration `json:"p99"`
	Max         time.Duration `json:"max"`
	// Spread is the distribution of the delivered copies' release-to-inbox
	// times, counted in buckets bounded by multiples of the objective
	// (traffic.SpreadBounds: a quarter, a half, one, two and four times
	// it, then more); nil when none was delivered.
	Spread []int `json:"spread,omitempty"`
}

// TrafficService drafts, clears and releases cables, delivers them and
// tracks what they ask for. Every method acts as its caller
// (UserFromContext): roles decide who may draft, clear, release and
// acknowledge, and access rules decide what each caller sees. A cable or
// draft the caller may not see is NotFound.
type TrafficService interface {
	// FindSites lists directory entries. FindSite returns one by PLAD,
	// office symbol or routing indicator, or NotFound.
	FindSites(ctx context.Context, f SiteFilter) ([]*Site, error)
	FindSite(ctx context.Context, name string) (*Site, error)
	// CreateSite and UpdateSite change the directory; administrators
	// only (Forbidden otherwise). CreateSite is a Conflict when the PLAD
	// exists.
	CreateSite(ctx context.Context, s *Site) error
	UpdateSite(ctx context.Context, plad string, upd SiteUpdate) (*Site, error)
	// SetSerial records last as the serial a post last used in year, so
	// that its next release takes the one after; for a post that moves
	// its traffic here mid-year. Administrators only.
	SetSerial(ctx context.Context, plad string, year, last int) error

	// CreateDraft stores a new draft; the caller must be a drafter at its
	// origin (Forbidden). Unknown sites are Invalid.
	CreateDraft(ctx context.Context, d *Draft) error
	// UpdateDraft edits a draft and voids its clearances; its drafter
	// only. A released draft is a Conflict.
	UpdateDraft(ctx context.Context, id int64, upd DraftUpdate) (*Draft, error)
	// FindDraftByID returns a draft its drafter, its clearing offices'
	// members and its origin's releasers may see; NotFound for others.
	FindDraftByID(ctx context.Context, id int64) (*Draft, error)
	FindDrafts(ctx context.Context, f DraftFilter) ([]*Draft, error)
	// ClearDraft records the clearance of office for the draft's current
	// version; the caller must be a clearer there, and office one the
	// draft names.
	ClearDraft(ctx context.Context, id int64, office string) (*Draft, error)
	// ReleaseDraft assigns the reference id, DTG, serials and continuity
	// numbers, archives the canonical telegram, records its actions and
	// queues its deliveries, in one transaction. The caller must be a
	// releaser at the origin's post. A missing clearance, a failed release
	// check or an unknown addressee is a *[ReleaseRefusedError].
	ReleaseDraft(ctx context.Context, id int64) (*Release, error)

	// Inbox lists the copies delivered to the caller's posts and offices
	// that the caller may know of: unacknowledged FLASH and NIACT copies
	// first, then unread, then by precedence, then newest first.
	Inbox(ctx context.Context, f InboxFilter) ([]*InboxItem, error)
	// MarkRead records that the caller read a cable delivered to one of
	// their sites.
	MarkRead(ctx context.Context, cableID string) error
	// Acknowledge records the caller's acknowledgement of the copies of a
	// cable delivered to their sites (site narrows to one); the caller
	// must be a member of the addressee. NotFound when there is none.
	Acknowledge(ctx context.Context, cableID, site string) ([]*Delivery, error)
	// FindDeliveries lists the copies of a cable and where each stands:
	// for administrators and members of the cable's origin (its post or
	// the office that drafted it). NotFound when the caller may not know
	// of the cable; Forbidden when they are not of its origin.
	FindDeliveries(ctx context.Context, cableID string) ([]*Delivery, error)
	// FindEvents lists the steps of a draft or cable, oldest first.
	FindEvents(ctx context.Context, draftID int64, cableID string) ([]*Event, error)

	// FindActions lists action requests of cables the caller may know of.
	FindActions(ctx context.Context, f ActionFilter) ([]*Action, error)
	// Tasking reports, per owner, requests answered on time, late, open
	// and overdue.
	Tasking(ctx context.Context, f ActionFilter) (*TaskingReport, error)
	// SpeedOfService measures deliveries queued in [from, to) against
	// their precedences' objectives, most urgent first.
	SpeedOfService(ctx context.Context, from, to time.Time) ([]SpeedOfService, error)
}

// EscalationLevel is how far an unacknowledged copy has been escalated: 0
// not (or acknowledged), 1 to the site's duty officers, 2 to the post's
// management.
func (d *Delivery) EscalationLevel() int {
	switch {
	case !d.AckedAt.IsZero() || d.EscalatedAt.IsZero():
		return 0
	case d.Escalated2At.IsZero():
		return 1
	}
	return 2
}

// Signature is what a node can say of a cable's signature
// (docs/sites.md): who sealed it at release, with which key, and whether
// it verifies now under the key this node trusts for that site (its own,
// for cables it released).
type Signature struct {
	CableID  string    `json:"cable_id"`
	Signed   bool      `json:"signed"` // false: released before the network, or imported
	Origin   string    `json:"origin,omitempty"`
	KeyID    string    `json:"key,omitempty"`
	Version  string    `json:"version,omitempty"`
	Released time.Time `json:"released,omitzero"`
	Verified bool      `json:"verified"`
	// Reason says why it is not signed or does not verify.
	Reason string `json:"reason,omitempty"`
}
