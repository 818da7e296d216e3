package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Autosave keeps the compose form as a draft while the drafter types, as
// webmail keeps a message: the page's script posts the form every
// AutosaveEvery while it has changes, and once more when the drafter
// leaves the page. It is saved where the Save button saves it, as the
// server's draft, built from the form by the same composeForm.draft:
// nothing is kept in the browser (a classified text in local storage
// would outlive the session and the access checks), and nothing is kept
// that a draft does not hold (a pasted telegram not yet imported is not
// saved). The first autosave of a new cable creates its draft and the
// page moves to the draft's address, so a reload restores it.

// DefaultAutosaveEvery is how often the compose page saves a changed form.
const DefaultAutosaveEvery = 30 * time.Second

// autosaved is the answer to an autosave: the draft, where it is, and
// when it was saved as cable users read times (UTC, HH:MM).
type autosaved struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Saved string `json:"saved"`
	Error string `json:"error,omitempty"`
}

// autosaveEvery returns s.AutosaveEvery or its default.
func (s *Server) autosaveEvery() time.Duration {
	if s.AutosaveEvery > 0 {
		return s.AutosaveEvery
	}
	return DefaultAutosaveEvery
}

// handleAutosaveCreate saves a new cable's form as a draft.
func (s *Server) handleAutosaveCreate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	f, err := readComposeForm(r)
	if err != nil {
		return autosaveFailed(w, err)
	}
	d := f.draft()
	if err := tr.CreateDraft(r.Context(), d); err != nil {
		return autosaveFailed(w, err)
	}
	s.Logger.Info("draft autosaved", "draft", d.ID, "user", userName(r.Context()))
	return s.autosaveDone(w, d.ID)
}

// handleAutosaveUpdate saves the drafter's changes to a draft; an
// unchanged form saves nothing, so clearances are not voided by a timer.
func (s *Server) handleAutosaveUpdate(w http.ResponseWriter, r *http.Request) error {
	tr, d, err := s.findDraft(r)
	if err != nil {
		return autosaveFailed(w, err)
	}
	f, err := readComposeForm(r)
	if err != nil {
		return autosaveFailed(w, err)
	}
	if upd, changed := draftUpdate(d, f.draft()); changed {
		if _, err := tr.UpdateDraft(r.Context(), d.ID, upd); err != nil {
			return autosaveFailed(w, err)
		}
		s.Logger.Info("draft autosaved", "draft", d.ID, "user", userName(r.Context()))
	}
	return s.autosaveDone(w, d.ID)
}

func (s *Server) autosaveDone(w http.ResponseWriter, id int64) error {
	return writeJSON(w, http.StatusOK, autosaved{ID: id, URL: fmt.Sprintf("/drafts/%d", id), Saved: s.Now().UTC().Format("15:04")})
}

// autosaveFailed answers why an autosave was refused, for the page to
// show beside its indicator. Only what a user may be told is written:
// an internal error is logged by errorHandler's rule and answered as
// such.
func autosaveFailed(w http.ResponseWriter, err error) error {
	k := cable.KindOf(err)
	if k == cable.Internal {
		return err
	}
	return writeJSON(w, statusOf(k), autosaved{Error: webWording(cable.MessageOf(err))})
}

// AutosaveSeconds is the autosave period in seconds, for the indicator.
func (p composePage) AutosaveSeconds() int64 { return p.AutosaveMS / 1000 }
