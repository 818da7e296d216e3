package storetest

// Probes of the security review of the reading room and the
// declassification review (branch roomreview): each fails while the
// defect it names is there.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// renumberCable writes a SECRET SIPDIS cable, declassified since 2010,
// with the given paragraphs ("(S) text") numbered from 1.
func renumberCable(decl string, paras ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "P 041200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\nS E C R E T STATE 030044\n\nSIPDIS\n\n"+
		"E.O. 12958: DECL: %s\nTAGS: PREL\nSUBJECT: (U) RENUMBER FIXTURE ZRN0S\n\n", decl)
	for i, p := range paras {
		fmt.Fprintf(&b, "%d. %s\n\n", i+1, p)
	}
	b.WriteString("RICE\n")
	return []byte(b.String())
}

// publicSees reports whether the public reader finds word in cable id:
// by a search, or in its view.
func publicSees(t *testing.T, s Store, id, word string) []string {
	t.Helper()
	public := cable.NewPublicContext(context.Background())
	var where []string
	if ids, _ := searchIDs(t, s, public, cable.SearchQuery{Text: word}); len(ids) > 0 {
		where = append(where, "search")
	}
	c, err := s.FindCableByID(public, id)
	if err == nil {
		if v, ok := access.View(access.PublicReader(), c, access.DistributionOf(c), time.Now()); ok {
			for _, p := range v.Cable.Text.Paragraphs {
				if strings.Contains(p.Text, word) {
					where = append(where, fmt.Sprintf("view (paragraph %d)", p.Number))
				}
			}
		}
	}
	return where
}

// testProbeReviewRenumbered: a redaction names a paragraph by its number,
// and the stores carry it over to later versions by number. When a new
// version of the cable inserts a paragraph before the redacted one, the
// redacted text moves to the next number and is released to the public,
// while the new, harmless paragraph is withheld in its place.
func testProbeReviewRenumbered(t *testing.T, s Store) {
	rs := s.(cable.ReviewService)
	MustImport(t, s, renumberCable("01/01/2010", "(U) Opening ZRN1A.", "(S) The source is ZRNSECRET.", "(C) Closing ZRN1C."))
	reviewer := cable.NewContextWithUser(context.Background(), &cable.User{Name: "rev", Clearance: "TOP SECRET", Citizenship: "USA",
		Roles: []cable.Role{{Kind: cable.RoleReviewer}}})
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30044", Part: "2", Action: cable.Redact, Code: "(b)(1)", Reason: "names a source"})
	if where := publicSees(t, s, "09STATE30044", "ZRNSECRET"); len(where) > 0 {
		t.Fatalf("before the new version, the public sees the redacted paragraph in %v", where)
	}
	// A corrected copy: a paragraph is inserted before the redacted one.
	MustImport(t, s, renumberCable("01/01/2010", "(U) Opening ZRN1A.", "(U) Correction ZRNNEW.", "(S) The source is ZRNSECRET.", "(C) Closing ZRN1C."))
	if where := publicSees(t, s, "09STATE30044", "ZRNSECRET"); len(where) > 0 {
		t.Errorf("after a new version renumbered the paragraphs, the public sees the text a reviewer redacted (b)(1) in %v", where)
	}
}

// testProbeReviewNewText: a reviewer's declassification of a cable whose
// DECL could not be read is carried over to every later version, whatever
// it says: a new version with a readable DECL years ahead and a SECRET
// paragraph nobody reviewed is released to the public at once.
func testProbeReviewNewText(t *testing.T, s Store) {
	rs := s.(cable.ReviewService)
	MustImport(t, s, renumberCable("upon completion of talks", "(U) Opening ZRN2A.", "(C) Middle ZRN2B."))
	reviewer := cable.NewContextWithUser(context.Background(), &cable.User{Name: "rev", Clearance: "TOP SECRET", Citizenship: "USA",
		Roles: []cable.Role{{Kind: cable.RoleReviewer}}})
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30044", Action: cable.Declassify, From: day("2020-01-01")})
	if where := publicSees(t, s, "09STATE30044", "ZRN2B"); len(where) == 0 {
		t.Fatalf("the reviewer's declassification did not open the cable to the public")
	}
	MustImport(t, s, renumberCable("12/31/2040", "(U) Opening ZRN2A.", "(C) Middle ZRN2B.", "(S) Added later ZRNUNREVIEWED."))
	if where := publicSees(t, s, "09STATE30044", "ZRNUNREVIEWED"); len(where) > 0 {
		t.Errorf("a SECRET paragraph of a later version (DECL 12/31/2040) that no reviewer saw is public, in %v", where)
	}
}

// testProbeReviewHeldAction: traffic decides which action requests a
// reader may know of from the cable's text alone (sqlite viewOf,
// postgres viewOf parse the raw text without its reviews), so a
// reviewer's redaction or exemption of a declassified cable does not
// reach actions: a reader who may no longer see the paragraph (the
// paragraph is held, and they are not cleared for its mark) still lists
// the action found in it, with its text.
func testProbeReviewHeldAction(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	text := "C O N F I D E N T I A L\n\nSIPDIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (U) TRAFFIC TEST 31\n\n" +
		"Classified By: ISN Director J. Doe, Reasons 1.4(b) and (d)\n\n1. (U) Test text 31.\n\n" +
		"2. (C) Please report the minister's answer ZHELDACTION by March 5, 2008.\n\nRICE\n"
	a := f.mustRelease(t, text, "AMEMBASSY MADRID:PRIORITY")
	if len(a.Actions) != 1 {
		t.Fatalf("actions = %+v, want the request found in paragraph 2", a.Actions)
	}
	f.deliverAll(t, 10)
	f.clock.Set(time.Date(2019, 3, 3, 12, 0, 0, 0, time.UTC)) // declassified
	rs, ok := f.s.(cable.ReviewService)
	if !ok {
		t.Skip("no review service")
	}
	reviewer := f.user(t, "rev", nil, "reviewer")
	mustReview(t, rs, reviewer, cable.Review{Cable: a.CableID, Part: "2", Action: cable.Redact, Code: "(b)(5)"})
	low := cable.NewContextWithUser(context.Background(), &cable.User{Name: "madrid-u", Clearance: "UNCLASSIFIED",
		Citizenship: "USA", Posts: []string{"AMEMBASSY MADRID"}})
	// The store agrees that paragraph 2 is withheld from this reader.
	c, err := f.s.FindCableByID(low, a.CableID)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := access.View(access.ReaderOf(cable.UserFromContext(low)), c, access.DistributionOf(c), f.clock.Now()); !ok ||
		strings.Contains(fmt.Sprint(v.Shown), "2") {
		t.Fatalf("the reader's view after the redaction: %v, shown %v; want paragraph 2 withheld", ok, v.Shown)
	}
	as, err := f.s.FindActions(low, cable.ActionFilter{CableID: a.CableID})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range as {
		t.Errorf("an UNCLASSIFIED reader lists the action of held paragraph 2 (C), redacted (b)(5): %q", x.Text)
	}
	if rep, err := f.s.Tasking(low, cable.ActionFilter{}); err == nil && taskingTotal(rep) != 0 {
		t.Errorf("the tasking report counts %d actions for the UNCLASSIFIED reader, want 0", taskingTotal(rep))
	}
}
