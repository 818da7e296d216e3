package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// TestPages_AdminDirectoryPages: the admin page pages through the whole
// directory and says how many entries it holds (issue 17, defect 8: it
// showed the first 50 and no more).
func TestPages_AdminDirectoryPages(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	ctx := context.Background()
	admin, err := f.tr.FindUserByName(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	actx := cable.NewContextWithUser(ctx, admin)
	before, err := f.tr.FindSites(actx, cable.SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 70 {
		s := &cable.Site{PLAD: fmt.Sprintf("AMCONSUL ZQTOWN%02d", i), Kind: cable.SitePost, RI: "RUEHZ" + string(rune('A'+i/26)) + string(rune('A'+i%26)), Country: "FRA",
			Station: fmt.Sprintf("ZQTOWN%02d", i)}
		if err := f.tr.CreateSite(actx, s); err != nil {
			t.Fatal(err)
		}
	}
	total := len(before) + 70
	b := newBrowser(t, f.srv.URL()).login("admin", testPassword)
	seen := map[string]bool{}
	next := "/admin"
	for pages := 0; next != ""; pages++ {
		if pages > total/50+1 {
			t.Fatalf("too many pages")
		}
		d := mustStatus(t, next, b.get(next), http.StatusOK)
		if got := d.text("#banner-top"); got != "Classification: UNCLASSIFIED" {
			t.Errorf("admin page banner = %q", got)
		}
		if got := d.text("#dir-range"); !strings.HasSuffix(got, fmt.Sprintf(" of %d.", total)) {
			t.Errorf("%s says %q, want … of %d", next, got, total)
		}
		for _, p := range d.attrs("tr[data-site]", "data-site") {
			seen[p] = true
		}
		next = strings.Join(d.attrs("#dir-next", "href"), "")
	}
	if len(seen) != total {
		t.Errorf("the pages list %d entries, want %d", len(seen), total)
	}
}
