package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cablegatePageDate is how a Cablegate page writes a cable's created
// date, in UTC (2009-05-28 12:35).
const cablegatePageDate = "2006-01-02 15:04"

// FromCablegateHTML makes the archive text of one Cablegate cable page.
// It reads the page's metadata table (reference id, created, released,
// classification, origin: by its header cells' names when it has them,
// else in that order), the title after "Viewing cable ID," in its
// heading, the header from its first <pre> block and the body from its
// last, their entities decoded and their links' markup dropped (the
// paragraph links' ¶ signs are text and stay, as in the corpus). The
// released date has no place in the archive layout and is dropped.
func FromCablegateHTML(page []byte) ([]byte, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	var p pageParts
	p.walk(doc)
	meta, err := p.metadata()
	if err != nil {
		return nil, err
	}
	if err := checkID(meta.id); err != nil {
		return nil, err
	}
	if len(p.pres) == 0 {
		return nil, errors.New("no <pre> block: the page holds no cable text")
	}
	meta.title = p.title(meta.id)
	header, body := "", p.pres[len(p.pres)-1]
	if len(p.pres) > 1 {
		header = p.pres[0]
	}
	return archiveText(meta, header, body), nil
}

// pageParts is what a walk of a page found.
type pageParts struct {
	head  []string   // the metadata table's header cells
	cells [][]string // its data rows' cells
	h3    []string   // the headings' text
	pres  []string
}

func (p *pageParts) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Pre:
			p.pres = append(p.pres, text(n))
			return
		case atom.H3:
			p.h3 = append(p.h3, text(n))
		case atom.Table:
			if hasClass(n, "cable") && p.cells == nil {
				p.table(n)
				return
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		p.walk(c)
	}
}

// table reads the metadata table's header and data rows.
func (p *pageParts) table(n *html.Node) {
	var rows func(*html.Node)
	rows = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			var row []string
			isHead := false
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					row = append(row, strings.TrimSpace(text(c)))
					isHead = isHead || c.DataAtom == atom.Th
				}
			}
			if isHead {
				p.head = row
			} else if len(row) > 0 {
				p.cells = append(p.cells, row)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rows(c)
		}
	}
	rows(n)
}

// metadata returns the envelope the metadata table gives.
func (p *pageParts) metadata() (envelope, error) {
	if len(p.cells) == 0 {
		return envelope{}, errors.New(`no metadata: want a <table class="cable"> with reference id, created, released, classification and origin`)
	}
	row := p.cells[0]
	col := map[string]int{"referenceid": 0, "created": 1, "released": 2, "classification": 3, "origin": 4}
	if len(p.head) > 0 {
		byName := map[string]int{}
		for i, h := range p.head {
			byName[columnKey(h)] = i
		}
		for name := range col {
			i, ok := byName[name]
			if !ok {
				return envelope{}, fmt.Errorf("metadata table: no %s column", name)
			}
			col[name] = i
		}
	}
	cell := func(name string) string {
		if i := col[name]; i < len(row) {
			return row[i]
		}
		return ""
	}
	env := envelope{id: cell("referenceid"), class: cell("classification"), origin: cell("origin")}
	created, err := time.Parse(cablegatePageDate, cell("created"))
	if err != nil {
		return envelope{}, fmt.Errorf("created %q: want YYYY-MM-DD HH:MM", cell("created"))
	}
	if err := checkCreated(created); err != nil {
		return envelope{}, err
	}
	env.created = created
	return env, nil
}

// title returns the title after "Viewing cable ID," in a heading, or "".
func (p *pageParts) title(id string) string {
	for _, h := range p.h3 {
		if _, t, ok := strings.Cut(h, "Viewing cable "+id+","); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

// text returns the text of n and its descendants.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}

// columnKey is a column's name as compared: lower case, letters and
// digits only ("Reference ID" and "reference_id" are "referenceid").
func columnKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
