package server

import (
	"fmt"
	"net/url"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// The reference graph of a cable, drawn on the server as inline SVG: the
// cables it cites on the left, the cable in the middle, the cables that
// cite it on the right, an arrow from each citing cable to the cable it
// cites. A reference the archive does not hold (or the reader may not know
// of) is dangling: drawn dashed, with no link. No script draws it, so the
// picture is on the page as it arrives and in the screenshots.

// Geometry of the graph, in SVG user units.
const (
	graphColW   = 230 // width of a node
	graphGap    = 50  // horizontal space between columns
	graphNodeH  = 46
	graphRowGap = 12
	graphTop    = 30 // room for the column captions
	graphMax    = 10 // nodes drawn per side; the rest are counted
	graphPad    = 8
)

// refGraph is the data of the SVG.
type refGraph struct {
	Width, Height        int
	Label                string // the accessible name
	Center               graphNode
	Left, Right          []graphNode
	MoreLeft, MoreRight  int
	LeftX, RightX, TextY int // column caption positions
}

// graphNode is one cable in the picture, with its edge to the centre.
type graphNode struct {
	X, Y, W, H int
	ID, Title  string // the id (or reference text) and a second line
	Href       string // empty for a dangling reference
	Dangling   bool
	Edge       string // SVG path data of the edge to or from the centre
}

// drawRefGraph lays out g around the cable of view v, whose subject it
// shows only as v shows it.
func drawRefGraph(g *cable.RefGraph, v *access.CableView) *refGraph {
	left, right := min(len(g.Cites), graphMax), min(len(g.CitedBy), graphMax)
	rows := max(left, right, 1)
	h := graphTop + rows*(graphNodeH+graphRowGap) + graphPad
	rg := &refGraph{
		Width: 3*graphColW + 2*graphGap + 2*graphPad, Height: h,
		MoreLeft: len(g.Cites) - left, MoreRight: len(g.CitedBy) - right,
		LeftX: graphPad, RightX: graphPad + 2*(graphColW+graphGap), TextY: 18,
	}
	cx, cy := graphPad+graphColW+graphGap, graphTop+(rows*(graphNodeH+graphRowGap)-graphRowGap-graphNodeH)/2
	subject := ""
	if v.SubjectShown {
		subject = v.Cable.Text.Subject
	}
	rg.Center = graphNode{X: cx, Y: cy, W: graphColW, H: graphNodeH, ID: g.ID, Title: clip(subject, 27)}
	for i, l := range g.Cites[:left] {
		n := linkNode(l, graphPad, rowY(i, left, rows))
		// The centre cites it: from the centre's left side to its right.
		n.Edge = curve(cx, cy+graphNodeH/2, n.X+n.W, n.Y+graphNodeH/2)
		rg.Left = append(rg.Left, n)
	}
	for i, l := range g.CitedBy[:right] {
		n := linkNode(l, rg.RightX, rowY(i, right, rows))
		// It cites the centre: from its left side to the centre's right.
		n.Edge = curve(n.X, n.Y+graphNodeH/2, cx+graphColW, cy+graphNodeH/2)
		rg.Right = append(rg.Right, n)
	}
	rg.Label = fmt.Sprintf("Reference graph of %s: it cites %d cables and is cited by %d.", g.ID, len(g.Cites), len(g.CitedBy))
	return rg
}

// rowY places row i of a column of n nodes, centred in rows.
func rowY(i, n, rows int) int {
	offset := (rows - n) * (graphNodeH + graphRowGap) / 2
	return graphTop + offset + i*(graphNodeH+graphRowGap)
}

// linkNode makes the node of one reference.
func linkNode(l cable.RefLink, x, y int) graphNode {
	n := graphNode{X: x, Y: y, W: graphColW, H: graphNodeH, ID: l.ID, Dangling: !l.InArchive}
	if n.ID == "" {
		n.ID = l.Text
	}
	switch {
	case n.Dangling:
		n.Title = "not in the archive"
	case l.Subject != "":
		n.Title = clip(day(l.DTG)+" "+l.Subject, 27)
	default:
		n.Title = day(l.DTG)
	}
	if !n.Dangling && l.ID != "" {
		n.Href = "/cables/" + url.PathEscape(l.ID)
	}
	n.ID = clip(n.ID, 22)
	return n
}

// curve returns a horizontal S-curve from (x1, y1) to (x2, y2).
func curve(x1, y1, x2, y2 int) string {
	mid := (x1 + x2) / 2
	return fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, mid, y1, mid, y2, x2, y2)
}

// clip shortens s to n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
