package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/cable/cable/internal/cable"
)

// yearsChart is the search page's histogram of the hits by year: one bar
// a year from the first year with a hit to the last, empty years
// included, so that the axis is time; each bar narrows the search to its
// year. It draws the Year facet, which lists the same numbers as links.
type yearsChart struct {
	Title         string
	Bars          []yearBar
	Labels        []label
	Width, Height int
	AxisY         int
}

// yearBar is a bar with the link that narrows the search to its year.
type yearBar struct {
	bar
	Href string
}

// Geometry of the years chart.
const (
	yearsW     = 12 // a year's width, its bar 2 narrower
	yearsTop   = 8
	yearsBarH  = 90
	yearsAxisY = yearsTop + yearsBarH
	yearsSpan  = 100 // years at most: an odd date does not squeeze the rest
)

// drawYears lays out the year facet's counts, or returns nil when fewer
// than two years hold hits.
func drawYears(v url.Values, years []cable.FacetCount) *yearsChart {
	counts := map[int]int{}
	var ys []int
	for _, fc := range years {
		y, err := strconv.Atoi(fc.Value)
		if err != nil {
			continue
		}
		counts[y] = fc.Count
		ys = append(ys, y)
	}
	if len(ys) < 2 {
		return nil
	}
	slices.Sort(ys)
	first, last := max(ys[0], ys[len(ys)-1]-yearsSpan+1), ys[len(ys)-1]
	most := 1
	for _, n := range counts {
		most = max(most, n)
	}
	n := last - first + 1
	c := &yearsChart{Width: n * yearsW, Height: yearsAxisY + 24, AxisY: yearsAxisY,
		Title: fmt.Sprintf("Matches by year, %d to %d", first, last)}
	for y := first; y <= last; y++ {
		x := (y - first) * yearsW
		if k := counts[y]; k > 0 {
			h := max(2, k*yearsBarH/most)
			w := cloneValues(v)
			w.Del("offset")
			w.Del("more")
			w.Set("from", fmt.Sprintf("%d-01-01", y))
			w.Set("until", fmt.Sprintf("%d-12-31", y))
			c.Bars = append(c.Bars, yearBar{bar: bar{X: x + 1, Y: yearsAxisY - h, W: yearsW - 2, H: h, Class: "bar-met",
				Label: fmt.Sprintf("%d: %d cables", y, k)}, Href: "/search?" + w.Encode()})
		}
		if y == first || y == last || (y%10 == 0 && y-first >= 4 && last-y >= 4) {
			c.Labels = append(c.Labels, label{X: x + yearsW/2, Y: yearsAxisY + 18, Text: strconv.Itoa(y), Anchor: "middle"})
		}
	}
	return c
}
