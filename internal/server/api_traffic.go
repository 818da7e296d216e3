package server

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// The traffic API: drafts, clearance and release, inboxes and
// acknowledgement, the deliveries and history of a cable, action requests
// and speed of service. Every handler passes the caller's request to the
// store's cable.TrafficService, which decides roles and access: a draft or
// cable the caller may not see is NotFound there, worded as for one that
// does not exist, and the handlers pass that answer on unchanged. A store
// without the service answers 503 (needTraffic).
//
// The draft handlers are named handleAPIDraft… because the web UI's form
// handlers (page_compose.go) hold handleDraftCreate, handleDraftClear and
// handleDraftRelease.

// handleAPIDraftCreate stores a new draft; the caller must be a drafter at
// its origin (403 otherwise).
func (s *Server) handleAPIDraftCreate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	var req api.DraftCreate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	d, err := req.Draft()
	if err != nil {
		return &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	}
	if err := tr.CreateDraft(r.Context(), d); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/drafts/"+strconv.FormatInt(d.ID, 10))
	return writeJSON(w, http.StatusCreated, api.FromDraft(d))
}

// handleAPIDraftList lists the drafts the caller may see, newest first:
//
//	GET /api/v1/drafts?state=drafting|cleared|released&pending=1&limit=N
//
// pending=1 keeps the drafts awaiting a clearance the caller may give.
func (s *Server) handleAPIDraftList(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f := cable.DraftFilter{State: cable.DraftState(v.Get("state"))}
	switch f.State {
	case "", cable.DraftDrafting, cable.DraftCleared, cable.DraftReleased:
	default:
		return cable.Errorf(cable.Invalid, "state %q: want drafting, cleared or released", f.State)
	}
	if f.Pending, err = boolParam(v, "pending"); err != nil {
		return err
	}
	if f.Limit, err = intParam(v, "limit", 100, 1, 1000); err != nil {
		return err
	}
	ds, err := tr.FindDrafts(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]api.Draft, 0, len(ds))
	for _, d := range ds {
		out = append(out, api.FromDraft(d))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleAPIDraftView answers a draft and its history, oldest step first.
func (s *Server) handleAPIDraftView(w http.ResponseWriter, r *http.Request) error {
	tr, id, err := s.draftRequest(r)
	if err != nil {
		return err
	}
	d, err := tr.FindDraftByID(r.Context(), id)
	if err != nil {
		return err
	}
	es, err := tr.FindEvents(r.Context(), id, "")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.DraftHistory{Draft: api.FromDraft(d), Events: api.FromEvents(es)})
}

// handleAPIDraftUpdate changes the fields of a draft the body sets; its
// drafter only. Any change voids the clearances given.
func (s *Server) handleAPIDraftUpdate(w http.ResponseWriter, r *http.Request) error {
	tr, id, err := s.draftRequest(r)
	if err != nil {
		return err
	}
	var req api.DraftUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	upd, err := req.Update()
	if err != nil {
		return &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	}
	d, err := tr.UpdateDraft(r.Context(), id, upd)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromDraft(d))
}

// handleAPIDraftClear records the clearance of an office for the draft's
// current version: POST {"office": "EAP"}. The caller must be a clearer
// there.
func (s *Server) handleAPIDraftClear(w http.ResponseWriter, r *http.Request) error {
	tr, id, err := s.draftRequest(r)
	if err != nil {
		return err
	}
	var req api.ClearRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Office) == "" {
		return cable.Errorf(cable.Invalid, `request body: "office" is required, e.g. {"office": "EAP"}`)
	}
	d, err := tr.ClearDraft(r.Context(), id, req.Office)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromDraft(d))
}

// handleAPIDraftRelease releases a draft as a cable: 201 with the cable's
// id, DTG, telegram and queued copies. A refused release is 400 with every
// reason: {"error": "release refused: …", "reasons": […]}.
func (s *Server) handleAPIDraftRelease(w http.ResponseWriter, r *http.Request) error {
	tr, id, err := s.draftRequest(r)
	if err != nil {
		return err
	}
	rel, err := tr.ReleaseDraft(r.Context(), id)
	if refused, ok := errors.AsType[*cable.ReleaseRefusedError](err); ok {
		return writeJSON(w, statusOf(cable.KindOf(err)), api.ReleaseRefused{Error: cable.MessageOf(err), Reasons: refused.Reasons})
	}
	if err != nil {
		return err
	}
	s.Logger.Info("draft released", "draft", id, "cable", rel.CableID, "by", userName(r.Context()))
	w.Header().Set("Location", "/api/v1/cables/"+rel.CableID)
	return writeJSON(w, http.StatusCreated, api.FromRelease(rel))
}

// draftRequest returns the traffic service and the id of the draft a
// request names.
func (s *Server) draftRequest(r *http.Request) (cable.TrafficService, int64, error) {
	tr, err := s.needTraffic()
	if err != nil {
		return nil, 0, err
	}
	id, err := draftID(r)
	return tr, id, err
}

// handleInboxList lists the copies delivered to the caller's posts and
// offices, unacknowledged FLASH and NIACT copies first, then unread:
//
//	GET /api/v1/inbox?site=PLAD&unread=1&unacked=1&precedence=P&state=S&sort=O&limit=N&offset=N
//
// site must be one of the caller's own (400 otherwise); precedence,
// state and sort are the inbox page's (inboxFilterOf).
func (s *Server) handleInboxList(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f, err := inboxFilterOf(v)
	if err != nil {
		return err
	}
	if f.Unread, err = boolParam(v, "unread"); err != nil {
		return err
	}
	if f.Unacked, err = boolParam(v, "unacked"); err != nil {
		return err
	}
	if f.Limit, err = intParam(v, "limit", 100, 1, 1000); err != nil {
		return err
	}
	if f.Offset, err = intParam(v, "offset", 0, 0, 1<<20); err != nil {
		return err
	}
	items, err := tr.Inbox(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromInbox(items))
}

// handleInboxRead records that the caller read a cable delivered to one
// of their sites: 204, or 404 when no copy reached them.
func (s *Server) handleInboxRead(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	if err := tr.MarkRead(r.Context(), cableID(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleInboxAck acknowledges the copies of a cable delivered to the
// caller's sites, or with {"site": PLAD} to one of them, and answers them.
func (s *Server) handleInboxAck(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	var req api.AckRequest
	if err := decodeJSON(w, r, &req); err != nil && !errors.Is(err, io.EOF) {
		return err // an empty body acknowledges at every site
	}
	ds, err := tr.Acknowledge(r.Context(), cableID(r), req.Site)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromDeliveries(ds))
}

// handleCableDeliveries lists the copies of a cable and where each stands,
// for administrators and members of its origin.
func (s *Server) handleCableDeliveries(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	ds, err := tr.FindDeliveries(r.Context(), cableID(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromDeliveries(ds))
}

// handleCableEvents lists the steps of a cable since its release, oldest
// first.
func (s *Server) handleCableEvents(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	es, err := tr.FindEvents(r.Context(), 0, cableID(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromEvents(es))
}

// handleActionList lists the action requests of the cables the caller may
// know of, soonest due first:
//
//	GET /api/v1/actions?site=PLAD&cable=ID&open=1&overdue=1&limit=N
func (s *Server) handleActionList(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	f, err := actionFilter(r.URL.Query())
	if err != nil {
		return err
	}
	as, err := tr.FindActions(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromActions(as))
}

// handleTaskingReport reports, per owner, the action requests answered on
// time and late, open and overdue; it takes the filters of
// handleActionList but limit.
func (s *Server) handleTaskingReport(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	f, err := actionFilter(r.URL.Query())
	if err != nil {
		return err
	}
	rep, err := tr.Tasking(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromTasking(rep))
}

// actionFilter reads the filters of the action routes.
func actionFilter(v url.Values) (cable.ActionFilter, error) {
	f := cable.ActionFilter{Site: v.Get("site")}
	if id := strings.TrimSpace(v.Get("cable")); id != "" {
		f.CableID = cabletext.CanonicalID(strings.ToUpper(id))
	}
	var err error
	if f.Open, err = boolParam(v, "open"); err != nil {
		return f, err
	}
	if f.Overdue, err = boolParam(v, "overdue"); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(v, "limit", 100, 1, 1000); err != nil {
		return f, err
	}
	return f, nil
}

// handleSpeedOfService measures the copies queued from since to until
// (days YYYY-MM-DD, until included; both optional) against their
// precedences' objectives, most urgent first: all copies, or with
// scope=sent or scope=received those a node sent to or received from
// other nodes, end to end. Administrators only: counts
// of copies would tell others of cables they may not know of.
func (s *Server) handleSpeedOfService(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	since, err := dateParam(v, "since")
	if err != nil {
		return err
	}
	until, err := dateParam(v, "until")
	if err != nil {
		return err
	}
	if !until.IsZero() {
		until = until.AddDate(0, 0, 1)
	}
	sos, err := speedIn(r, tr, v.Get("scope"), since, until)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromSpeedOfService(sos))
}

// boolParam reads a flag parameter, 1 or true, 0 or false; absent is
// false.
func boolParam(v url.Values, name string) (bool, error) {
	switch s := v.Get(name); strings.ToLower(s) {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, cable.Errorf(cable.Invalid, "%s %q: want 1 or 0", name, s)
	}
}
