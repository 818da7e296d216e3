package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// The search page reads the same parameters as GET /api/v1/search
// (searchQuery), so a page's URL and an API call say the same thing. Hits,
// totals, facets and snippets come from the store, which computes them
// from what the caller may see; the page adds nothing from stored text.

// searchPage is the data of search.html.
type searchPage struct {
	layout
	Form   url.Values
	Error  string
	Result *cable.SearchResult
	Hits   []searchHit
	// From and To number the hits shown; Prev and Next link the pages
	// around them (empty when there is none).
	From, To    int
	Prev, Next  string
	Facets      []facetGroup
	Filters     []activeFilter
	Suggestions []suggestionLink
	// OriginNote says how the origin filter was read (page_search_form.go);
	// Origins and Tags are what the origin and tag fields suggest.
	OriginNote    string
	Origins, Tags []string
	// CountLimit is how many matches the totals and facets count at most.
	CountLimit int
}

// suggestionLink is a respelled query ("did you mean") with the search
// it links to: the same filters, from the first page.
type suggestionLink struct {
	cable.Suggestion
	Href string
}

// searchHit is one hit with its snippet cut into plain and matched parts.
type searchHit struct {
	cable.SearchHit
	Parts []snippetPart
}

type snippetPart struct {
	Text string
	Hit  bool
}

// facetGroup is one facet: its values, each a link that narrows the search.
type facetGroup struct {
	Name   string
	Values []facetLink
}

type facetLink struct {
	Value string
	Count int
	Href  string
}

// activeFilter is a filter in force, with a link that removes it.
type activeFilter struct {
	Name, Value, Remove string
}

// facetParams says which parameter each facet sets.
var facetParams = []struct{ facet, name, param string }{
	{"classification", "Classification", "class"},
	{"tag", "TAGS", "tag"},
	{"origin", "Origin", "origin"},
	{"year", "Year", "from"},
	// Data-quality findings (package quality), counted by the store only
	// where the reader may know of them, as the quality filter finds them.
	{"quality", "Data quality", "quality"},
}

// handleSearchPage searches as the caller, with facets.
// pageCountLimit is how many matches the search page counts.
const pageCountLimit = 200

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	dropEmpty(v)
	if id := s.jumpTarget(r, v.Get("q")); id != "" && len(v) == 1 {
		return redirect(w, r, "/cables/"+id)
	}
	data := searchPage{layout: s.page(r, "search"), Form: v, CountLimit: pageCountLimit, Origins: s.originChoices(r)}
	data.OriginNote = s.resolveOrigin(r, v)
	q, err := searchQuery(v)
	if cable.KindOf(err) == cable.Invalid {
		data.Error = cable.MessageOf(err)
		return s.render(w, http.StatusBadRequest, "search.html", data)
	}
	if err != nil {
		return err
	}
	if !asksSomething(v) {
		// A bare search page asks nothing: searching the whole archive
		// for its newest cables would cost as much as any search.
		return s.render(w, http.StatusOK, "search.html", data)
	}
	q.Facets = true
	// The page counts and facets the newest pageCountLimit matches, not
	// the store's default 1,000: at 250,000 cables counting and faceting
	// are most of a page's time, and past a few pages a reader refines
	// the query rather than pages on. Paging further still works.
	q.CountLimit = pageCountLimit
	q.Suggestions = q.Text != ""
	res, err := s.search(r.Context(), q)
	if cable.KindOf(err) == cable.Unavailable {
		data.Error = cable.MessageOf(err)
		return s.render(w, http.StatusServiceUnavailable, "search.html", data)
	}
	if err != nil {
		return err
	}
	data.Result = res
	for _, h := range res.Hits {
		h.Portions = slices.Sorted(slices.Values(h.Portions))
		data.Hits = append(data.Hits, searchHit{SearchHit: h, Parts: snippetParts(h.Snippet)})
	}
	data.From, data.To = q.Offset+1, q.Offset+len(res.Hits)
	if q.Offset > 0 {
		data.Prev = pageLink(v, max(q.Offset-q.Limit, 0))
	}
	if q.Offset+len(res.Hits) < res.Total {
		data.Next = pageLink(v, q.Offset+q.Limit)
	}
	var marks []string
	for _, h := range res.Hits {
		marks = append(marks, h.Classification)
	}
	data.PageBanner = rollUpBanners(marks)
	data.Facets = facetGroups(v, res.Facets)
	data.Filters = activeFilters(v)
	for _, fc := range res.Facets["tag"] {
		data.Tags = append(data.Tags, fc.Value)
	}
	if res.Total > 0 {
		// "Did you mean" is for a query that found nothing (docs/api.md).
		res.Suggestions = nil
	}
	for _, sg := range res.Suggestions {
		w := cloneValues(v)
		w.Set("q", sg.Text)
		w.Del("offset")
		data.Suggestions = append(data.Suggestions, suggestionLink{Suggestion: sg, Href: "/search?" + w.Encode()})
	}
	return s.render(w, http.StatusOK, "search.html", data)
}

// asksSomething reports whether a search page's parameters ask for a
// search: words or a filter.
func asksSomething(v url.Values) bool {
	for _, k := range []string{"q", "tag", "origin", "to", "class", "caption", "from", "until", "quality"} {
		if strings.TrimSpace(v.Get(k)) != "" {
			return true
		}
	}
	return false
}

// snippetParts cuts a store snippet, whose matches are in [brackets], into
// parts the template marks up, so that no stored text is ever written as
// HTML.
func snippetParts(snip string) []snippetPart {
	var out []snippetPart
	for snip != "" {
		i := strings.IndexByte(snip, '[')
		j := strings.IndexByte(snip[max(i, 0):], ']')
		if i < 0 || j < 0 {
			out = append(out, snippetPart{Text: snip})
			break
		}
		j += i
		if i > 0 {
			out = append(out, snippetPart{Text: snip[:i]})
		}
		out = append(out, snippetPart{Text: snip[i+1 : j], Hit: true})
		snip = snip[j+1:]
	}
	return out
}

// pageLink returns the search's URL at another offset.
func pageLink(v url.Values, offset int) string {
	w := cloneValues(v)
	w.Set("offset", strconv.Itoa(offset))
	return "/search?" + w.Encode()
}

// facetGroups turns the store's facets into links that narrow the search.
func facetGroups(v url.Values, facets map[string][]cable.FacetCount) []facetGroup {
	var out []facetGroup
	for _, fp := range facetParams {
		fcs := facets[fp.facet]
		if len(fcs) == 0 {
			continue
		}
		g := facetGroup{Name: fp.name}
		for _, fc := range fcs[:min(len(fcs), 12)] {
			w := cloneValues(v)
			w.Del("offset")
			switch fp.param {
			case "tag":
				w.Add("tag", fc.Value)
			case "from": // a year: from its first day until its last
				w.Set("from", fc.Value+"-01-01")
				w.Set("until", fc.Value+"-12-31")
			default:
				w.Set(fp.param, fc.Value)
			}
			g.Values = append(g.Values, facetLink{Value: fc.Value, Count: fc.Count, Href: "/search?" + w.Encode()})
		}
		out = append(out, g)
	}
	return out
}

// activeFilters lists the filters in force, each with a link without it.
func activeFilters(v url.Values) []activeFilter {
	names := []struct{ param, name string }{
		{"tag", "TAGS"}, {"origin", "Origin"}, {"to", "Addressee"}, {"class", "Classification"},
		{"caption", "Caption"}, {"from", "From"}, {"until", "Until"}, {"quality", "Data quality"},
	}
	var out []activeFilter
	for _, n := range names {
		for _, val := range v[n.param] {
			if val == "" {
				continue
			}
			w := cloneValues(v)
			w.Del("offset")
			w[n.param] = without(w[n.param], val)
			out = append(out, activeFilter{Name: n.name, Value: val, Remove: "/search?" + w.Encode()})
		}
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	w := url.Values{}
	for k, vs := range v {
		w[k] = append([]string(nil), vs...)
	}
	return w
}

func without(vs []string, drop string) []string {
	var out []string
	for _, v := range vs {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}
