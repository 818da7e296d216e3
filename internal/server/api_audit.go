package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// adminDetail are the kinds of entry whose detail an administrator sees
// whoever acted: what changed in users, tokens and the directory, and the
// country of a release copy. The detail of any other kind (the terms of a
// search, above all) may hold classified words, and reads [withheld]
// unless it is the administrator's own.
var adminDetail = map[string]bool{
	audit.KindUserCreate: true, audit.KindUserUpdate: true, audit.KindTokenIssue: true, audit.KindTokenRevoke: true,
	audit.KindSiteCreate: true, audit.KindSiteUpdate: true, audit.KindSerialSet: true, audit.KindRelease: true,
	audit.KindReleaseCopy: true,
}

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
		ae := api.AuditEntry{Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano), User: e.User, Action: e.Action, Cable: e.Cable,
			Detail: e.Detail, Client: e.Client}
		if ae.Detail != "" && e.User != me && !adminDetail[e.Action] {
			ae.Detail = access.Placeholder
		}
		out = append(out, ae)
	}
	return writeJSON(w, http.StatusOK, out)
}
