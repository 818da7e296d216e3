package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// Declassification review (docs/archive.md): a reviewer lists the cables
// whose DECL is unreadable, missing or exempt, and declassifies, exempts
// or redacts; the store checks the role, audits and applies the decision
// for every reader. Without a store that keeps reviews, 503.

// reviews returns the store's review service, or an Unavailable error.
func (s *Server) reviews() (cable.ReviewService, error) {
	rs, ok := s.DB.(cable.ReviewService)
	if !ok {
		return nil, cable.Errorf(cable.Unavailable, "this archive keeps no declassification reviews")
	}
	return rs, nil
}

// reviewRequest is the body of POST /api/v1/cables/{id}/reviews.
type reviewRequest struct {
	Part   string `json:"part"`   // "" the cable, "S" the subject, "3" a paragraph
	Action string `json:"action"` // declassify, exempt, redact
	From   string `json:"from"`   // YYYY-MM-DD, for declassify
	Code   string `json:"code"`   // 25X1…25X9, (b)(1)…(b)(9)
	Reason string `json:"reason"`
}

// handleReviewCreate records a reviewer's decision on a cable:
//
//	POST /api/v1/cables/{id}/reviews {"action": "redact", "part": "3", "code": "(b)(1)"}
func (s *Server) handleReviewCreate(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.reviews()
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	rv := cable.Review{Cable: cableID(r), Part: req.Part, Action: cable.ReviewAction(req.Action), Code: req.Code, Reason: req.Reason}
	if req.From != "" {
		if rv.From, err = time.Parse(time.DateOnly, req.From); err != nil {
			return cable.Errorf(cable.Invalid, "review of %s: from %q: want a date, YYYY-MM-DD", rv.Cable, req.From)
		}
	}
	if err := rs.RecordReview(r.Context(), &rv); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, api.FromReview(rv))
}

// handleReviewList lists the decisions on a cable to a reviewer who reads
// it whole; 404 to anyone else (the store decides: a reason may say what
// a withheld portion holds).
func (s *Server) handleReviewList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.reviews()
	if err != nil {
		return err
	}
	list, err := rs.FindReviews(r.Context(), cableID(r))
	if err != nil {
		return err
	}
	out := []api.Review{}
	for _, rv := range list {
		out = append(out, api.FromReview(rv))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleReviewQueue lists the cables waiting for a decision, oldest
// first: GET /api/v1/review/queue?limit=. Reviewers only.
func (s *Server) handleReviewQueue(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.reviews()
	if err != nil {
		return err
	}
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			return cable.Errorf(cable.Invalid, "limit %q: want a number from 1 to 1000", v)
		}
	}
	items, err := rs.ReviewQueue(r.Context(), limit)
	if err != nil {
		return err
	}
	out := []api.ReviewItem{}
	for _, it := range items {
		out = append(out, api.FromReviewItem(it))
	}
	return writeJSON(w, http.StatusOK, out)
}

// publishedReviews returns the decisions on c the public is shown: which
// portions were withheld from release and under which code.
func publishedReviews(c *cable.Cable) []api.ReviewNote {
	var out []api.ReviewNote
	for _, rv := range c.Reviews {
		if rv.Part != "" && (rv.Action == cable.Exempt || rv.Action == cable.Redact) {
			out = append(out, api.ReviewNote{Part: rv.Part, Action: string(rv.Action), Code: rv.Code})
		}
	}
	return out
}
