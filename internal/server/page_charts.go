package server

import (
	"fmt"
	"slices"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// The charts are drawn here as geometry (bars, ticks, labels) that
// reports.html writes as SVG: no script and no chart library, so that the
// page prints and reads the same everywhere. Colours are the page's,
// each at least 4.5:1 against white, and text never sits on a bar.

// bar is one rectangle of a chart.
type bar struct {
	X, Y, W, H int
	Class      string // the CSS class that colours it
	Label      string // its tooltip: what it counts
}

// label is one text of a chart.
type label struct {
	X, Y   int
	Text   string
	Anchor string // start, middle, end
}

// speedChart is one precedence's distribution of delivery times.
type speedChart struct {
	cable.SpeedOfService
	ID            string // for ids: flash, niact-immediate…
	Title         string
	Bars          []bar
	Labels        []label
	ObjectiveX    int
	AxisY         int
	Width, Height int
	Buckets       []string // the buckets' labels
	MetPct        string   // met of delivered
}

// Geometry of a speed chart: six buckets of bucketW with gap between,
// after a left margin; bars up to barH tall above the axis.
const (
	speedLeft    = 20
	speedBucketW = 80
	speedGap     = 16
	speedTop     = 56
	speedBarH    = 110
	speedAxisY   = speedTop + speedBarH
)

// drawSpeed lays out the distribution of m: one bar a bucket of
// m.Spread, scaled to the fullest, blue within the objective and orange
// past it, each count above its bar, each bucket's bound below it, and
// the objective a dashed line between the buckets either side of it.
func drawSpeed(m cable.SpeedOfService) speedChart {
	c := speedChart{SpeedOfService: m, ID: idWord(m.Precedence.String()), Buckets: spreadLabels(m.Objective), MetPct: percent(m.Met, m.Delivered),
		AxisY: speedAxisY}
	c.Title = fmt.Sprintf("%s: %d delivered, %s within the objective of %s", m.Precedence, m.Delivered, c.MetPct, shortDuration(m.Objective))
	n := len(traffic.SpreadBounds) + 1
	c.Width, c.Height = speedLeft*2+n*speedBucketW+(n-1)*speedGap, speedAxisY+34
	spread := m.Spread
	if spread == nil {
		spread = make([]int, n)
	}
	most := max(1, slices.Max(spread))
	for i, k := range spread {
		x := speedLeft + i*(speedBucketW+speedGap)
		h := k * speedBarH / most
		if k > 0 && h < 2 {
			h = 2 // a bucket of one is seen beside one of thousands
		}
		class := "bar-met"
		if i > objectiveBucket() {
			class = "bar-missed"
		}
		c.Bars = append(c.Bars, bar{X: x, Y: speedAxisY - h, W: speedBucketW, H: h, Class: class,
			Label: fmt.Sprintf("%d copies delivered in %s", k, c.Buckets[i])})
		c.Labels = append(c.Labels, label{X: x + speedBucketW/2, Y: speedAxisY - h - 6, Text: fmt.Sprint(k), Anchor: "middle"},
			label{X: x + speedBucketW/2, Y: speedAxisY + 26, Text: c.Buckets[i], Anchor: "middle"})
	}
	c.ObjectiveX = speedLeft + (objectiveBucket()+1)*(speedBucketW+speedGap) - speedGap/2
	c.Labels = append(c.Labels, label{X: c.ObjectiveX, Y: 20, Text: "objective " + shortDuration(m.Objective), Anchor: "middle"})
	return c
}

// objectiveBucket is the index of the last Spread bucket within the
// objective: the one bounded by 1.
func objectiveBucket() int {
	for i, b := range traffic.SpreadBounds {
		if b == 1 {
			return i
		}
	}
	return len(traffic.SpreadBounds) - 1
}

// taskingChart is the posts' action requests as stacked bars.
type taskingChart struct {
	Bars          []bar
	Labels        []label
	Width, Height int
}

// Geometry of the tasking chart: a row a post, its name left of its bar.
const (
	taskLeft  = 250
	taskBarW  = 380
	taskRowH  = 34
	taskBarH  = 24
	taskTop   = 8
	taskRight = 40
)

// taskSegments are a row's parts, in the order drawn, with their classes.
var taskSegments = []struct {
	name, class string
	count       func(cable.TaskingRow) int
}{
	{"overdue", "bar-overdue", func(r cable.TaskingRow) int { return r.Overdue }},
	{"open", "bar-open", func(r cable.TaskingRow) int { return r.Open }},
	{"answered late", "bar-late", func(r cable.TaskingRow) int { return r.Late }},
	{"answered on time", "bar-ontime", func(r cable.TaskingRow) int { return r.OnTime }},
}

// drawTasking lays out one stacked bar a post, in rows' order, scaled to
// the post with the most requests, its total at the bar's end.
func drawTasking(rows []cable.TaskingRow) taskingChart {
	c := taskingChart{Width: taskLeft + taskBarW + taskRight, Height: taskTop*2 + max(1, len(rows))*taskRowH}
	most := 1
	for _, r := range rows {
		most = max(most, r.Total)
	}
	for i, r := range rows {
		y := taskTop + i*taskRowH
		c.Labels = append(c.Labels, label{X: taskLeft - 8, Y: y + taskBarH - 6, Text: r.Owner, Anchor: "end"})
		x := taskLeft
		for _, sg := range taskSegments {
			k := sg.count(r)
			if k == 0 {
				continue
			}
			w := max(2, k*taskBarW/most)
			c.Bars = append(c.Bars, bar{X: x, Y: y, W: w, H: taskBarH, Class: sg.class, Label: fmt.Sprintf("%s: %d %s", r.Owner, k, sg.name)})
			x += w
		}
		c.Labels = append(c.Labels, label{X: x + 6, Y: y + taskBarH - 6, Text: fmt.Sprint(r.Total), Anchor: "start"})
	}
	return c
}

// idWord makes a precedence an id: "NIACT IMMEDIATE" → niact-immediate.
func idWord(s string) string {
	b := []byte(s)
	for i, ch := range b {
		switch {
		case ch >= 'A' && ch <= 'Z':
			b[i] = ch + 'a' - 'A'
		case ch == ' ':
			b[i] = '-'
		}
	}
	return string(b)
}
