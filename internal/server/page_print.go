package server

import (
	"fmt"
	"net/http"
	"strings"
)

// Printing (issue 17, goal "Reading"): a printed page carries the banner
// of what it shows at the top and bottom of every sheet, as classified
// paper does, and no navigation. cable.css hides the navigation in print;
// the banners go in the page's margin boxes (@page @top-center,
// @bottom-center), which the browser draws on every sheet and never over
// the text. A margin box's content must be a string in a style sheet, so
// every page links /print.css?banner=its banner, for print only; the
// banners in the page itself are printed too, on the first and last
// sheet, so that a browser without margin boxes still prints them.

// printBannerMax bounds the banner print.css writes.
const printBannerMax = 200

// printColors are the banner colours of cable.css, by level class.
var printColors = map[string]string{"lvl-u": "#007a33", "lvl-c": "#0033a0", "lvl-s": "#c8102e", "lvl-ts": "#b35900", "lvl-x": "#5a5a5a"}

// handlePrintCSS writes the print style sheet of a page whose banner is
// ?banner: it keeps only the characters a banner is written with, so
// nothing the query holds can end the CSS string it goes in.
func (s *Server) handlePrintCSS(w http.ResponseWriter, r *http.Request) error {
	banner := printableBanner(r.URL.Query().Get("banner"))
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if banner == "" {
		return nil
	}
	color := printColors[levelClass(banner)]
	box := fmt.Sprintf(`content: "%s"; color: %s; font: 700 10pt/1.2 system-ui, sans-serif; letter-spacing: 0.06em;`, banner, color)
	_, err := fmt.Fprintf(w, "@page {\n  margin: 16mm 14mm;\n  @top-center { %s vertical-align: bottom; padding-bottom: 3mm; }\n  @bottom-center { %s vertical-align: top; padding-top: 3mm; }\n}\n", box, box)
	return err
}

// printableBanner returns banner with only upper-case letters, digits,
// spaces and / , - ( ) kept, at most printBannerMax bytes.
func printableBanner(banner string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(banner) {
		if b.Len() >= printBannerMax {
			break
		}
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(" /,-()", r):
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
