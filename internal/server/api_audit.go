package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// handleAuditList answers the audit log, newest first: ?cable=ID for one
// cable, &limit=N (at most 1000). Being an administrator does not clear
// anyone to know of a cable, so the log is filtered like everything else:
// entries about cables the administrator may not know of are left out (and
// ?cable= such a cable is 404), and the search terms of other users, which
// may be classified words, read [withheld].
func (s *Server) handleAuditList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	limit, err := intParam(r.URL.Query(), "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	id := r.URL.Query().Get("cable")
	if id != "" {
		id = cabletext.CanonicalID(strings.ToUpper(strings.TrimSpace(id)))
	}
	known := map[string]bool{}
	knows := func(id string) (bool, error) {
		if k, ok := known[id]; ok {
			return k, nil
		}
		// FindVersions is the store's cheapest "may the caller know of
		// it", and it is not itself audited.
		_, err := s.DB.FindVersions(ctx, id)
		if err != nil && cable.KindOf(err) != cable.NotFound {
			return false, err
		}
		known[id] = err == nil
		return err == nil, nil
	}
	if id != "" {
		if ok, err := knows(id); err != nil {
			return err
		} else if !ok {
			return notFound(id)
		}
	}
	es, err := s.DB.FindAudit(ctx, id, limit)
	if err != nil {
		return err
	}
	me := userName(ctx)
	out := make([]api.AuditEntry, 0, len(es))
	for _, e := range es {
		if e.Cable != "" {
			ok, err := knows(e.Cable)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		ae := api.AuditEntry{At: e.At.UTC().Format(time.RFC3339Nano), User: e.User, Action: e.Action, Cable: e.Cable, Detail: e.Detail}
		if ae.Detail != "" && e.User != me {
			ae.Detail = access.Placeholder
		}
		out = append(out, ae)
	}
	return writeJSON(w, http.StatusOK, out)
}
