package api

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// RefGraph is a cable's place in the reference graph: what it cites, what
// cites it, and the thread of replies it belongs to.
type RefGraph struct {
	ID      string    `json:"id"`
	Cites   []RefLink `json:"cites"`
	CitedBy []RefLink `json:"cited_by"`
	Thread  []RefLink `json:"thread"`
}

// RefLink is one edge of the graph. InArchive is false for a reference to
// a cable the archive does not hold, or that the caller may not know of:
// the two are the same answer.
type RefLink struct {
	ID        string `json:"id,omitempty"`
	Label     string `json:"label,omitempty"`
	Text      string `json:"text,omitempty"`
	Subject   string `json:"subject,omitempty"`
	DTG       string `json:"dtg,omitempty"`
	InArchive bool   `json:"in_archive"`
}

// FromRefGraph maps a reference graph onto its JSON document.
func FromRefGraph(g *cable.RefGraph) RefGraph {
	return RefGraph{ID: g.ID, Cites: refLinks(g.Cites), CitedBy: refLinks(g.CitedBy), Thread: refLinks(g.Thread)}
}

func refLinks(ls []cable.RefLink) []RefLink {
	out := make([]RefLink, 0, len(ls))
	for _, l := range ls {
		rl := RefLink{ID: l.ID, Label: l.Label, Text: l.Text, Subject: l.Subject, InArchive: l.InArchive}
		if !l.DTG.IsZero() {
			rl.DTG = l.DTG.UTC().Format(time.RFC3339)
		}
		out = append(out, rl)
	}
	return out
}

// Version is one stored version of a cable's text. SHA256 and Size are
// set only for a caller who may read the whole text: both are computed
// from withheld paragraphs too.
type Version struct {
	Number     int    `json:"number"`
	ImportedAt string `json:"imported_at"`
	SHA256     string `json:"sha256,omitempty"`
	Size       int    `json:"size,omitempty"`
}

// Versions is the list of a cable's stored versions, oldest first.
type Versions struct {
	ID       string    `json:"id"`
	Versions []Version `json:"versions"`
}
