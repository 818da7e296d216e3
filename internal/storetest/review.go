package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// reviewCable writes a SECRET SIPDIS cable to London whose E.O. line ends
// with decl; paragraph 1 (S//NF) says ZRVnA and 2 (C) says ZRVnB, extra
// is added to paragraph 2 (a new version).
func reviewCable(n int, decl, extra string) []byte {
	return []byte(fmt.Sprintf(`P 0%d1200Z MAR 09
FM SECSTATE WASHDC
TO AMEMBASSY LONDON PRIORITY
S E C R E T STATE 03000%d

SIPDIS

E.O. 12958: DECL: %s
TAGS: PREL
SUBJECT: (U) REVIEW FIXTURE ZRV%dS

1. (S//NF) Paragraph text ZRV%dA.

2. (C) Paragraph text ZRV%dB%s.

RICE
`, n, n, decl, n, n, n, extra))
}

// testReview checks declassification review (cable.ReviewService): only
// reviewers decide and read the queue; the queue holds the cables whose
// DECL is unreadable, missing or exempt; a decision applies to every
// reader in reads, counts and searches, and applies to the version it
// was made on only.
func testReview(t *testing.T, s Store) {
	rs, ok := s.(cable.ReviewService)
	if !ok {
		t.Fatal("the store does not implement cable.ReviewService")
	}
	MustImport(t, s, reviewCable(1, "upon completion of talks", ""), reviewCable(2, "01/01/2010", ""), reviewCable(3, "01/01/2005 25X1", ""))
	reviewer := cable.NewContextWithUser(context.Background(), &cable.User{Name: "rev", Clearance: "SECRET", Citizenship: "USA",
		Roles: []cable.Role{{Kind: cable.RoleReviewer}}})
	reader, public := as("CONFIDENTIAL", "USA"), cable.NewPublicContext(context.Background())
	if _, err := rs.ReviewQueue(reader, 10); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("ReviewQueue as a reader = %v, want Forbidden", err)
	}
	if err := rs.RecordReview(reader, &cable.Review{Cable: "09STATE30001", Action: cable.Declassify, From: day("2020-01-01")}); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("RecordReview as a reader = %v, want Forbidden", err)
	}
	checkQueue(t, rs, reviewer, "09STATE30001 unreadable", "09STATE30003 exempt")
	checkPublic(t, s, public, "09STATE30002", "ZRV2A ZRV2B")

	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30001", Action: cable.Declassify, From: day("2020-01-01")})
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30002", Part: "1", Action: cable.Redact, Code: "(b)(1)"})
	checkQueue(t, rs, reviewer, "09STATE30003 exempt")
	checkPublic(t, s, public, "09STATE30001 09STATE30002", "ZRV1A ZRV1B ZRV2B")
	if ids, _ := searchIDs(t, s, reader, cable.SearchQuery{Text: "ZRV2A"}); len(ids) != 0 {
		t.Errorf("a CONFIDENTIAL reader finds the redacted (S//NF) paragraph: %v", ids)
	}
	if ids, _ := searchIDs(t, s, as("SECRET", "USA"), cable.SearchQuery{Text: "ZRV2A"}); len(ids) != 1 {
		t.Errorf("a SECRET reader does not find the redacted (S//NF) paragraph: %v", ids)
	}
	c, err := s.FindCableByID(public, "09STATE30002")
	if err != nil || len(c.Reviews) != 1 || c.Reviews[0].Reviewer != "rev" {
		t.Errorf("FindCableByID as the public: %v, reviews %+v; want the redaction by rev", err, c)
	}

	// A decision applies to the version it was made on: a new version
	// (text added, paragraphs perhaps renumbered) is withheld from the
	// public, whatever its DECL says, and waits in the queue again.
	MustImport(t, s, reviewCable(1, "upon completion of talks", " AMENDED"), reviewCable(2, "01/01/2010", " AMENDED"))
	checkPublic(t, s, public, "", "")
	checkQueue(t, rs, reviewer, "09STATE30001 changed", "09STATE30002 changed", "09STATE30003 exempt")
	// An exemption after a declassification; the reviewer confirms 25X1,
	// and redacts and declassifies the new version of 09STATE30002.
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30001", Action: cable.Exempt, Code: "25X6", Reason: "foreign relations"})
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30003", Action: cable.Exempt, Code: "25X1", Reason: "a source"})
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30002", Part: "1", Action: cable.Redact, Code: "(b)(1)"})
	checkPublic(t, s, public, "", "")
	mustReview(t, rs, reviewer, cable.Review{Cable: "09STATE30002", Action: cable.Declassify, From: day("2010-01-01")})
	checkPublic(t, s, public, "09STATE30002", "ZRV2B")
	checkQueue(t, rs, reviewer)
	if rv, err := rs.FindReviews(reviewer, "09STATE30001"); err != nil || len(rv) != 2 || rv[1].Code != "25X6" || !rv[0].Stale || rv[1].Stale {
		t.Errorf("FindReviews = %+v, %v; want the declassification (of the first version) and the exemption", rv, err)
	}
	// Only a reviewer who reads the cable whole sees the decisions.
	if _, err := rs.FindReviews(reader, "09STATE30001"); cable.KindOf(err) != cable.NotFound {
		t.Errorf("FindReviews as a reader who is no reviewer = %v, want NotFound", err)
	}
	if _, err := rs.FindReviews(public, "09STATE30001"); cable.KindOf(err) != cable.NotFound {
		t.Errorf("FindReviews as the public of an exempt cable = %v, want NotFound", err)
	}
	for _, bad := range []cable.Review{
		{Cable: "09STATE30002", Part: "7", Action: cable.Redact, Code: "(b)(1)"},
		{Cable: "09STATE30002", Action: cable.Exempt, Code: "25X0", Reason: "x"},
		{Cable: "09STATE30002", Action: cable.Exempt, Code: "25X1"},
	} {
		if err := rs.RecordReview(reviewer, &bad); cable.KindOf(err) != cable.Invalid {
			t.Errorf("RecordReview(%+v) = %v, want Invalid", bad, err)
		}
	}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func mustReview(t *testing.T, rs cable.ReviewService, ctx context.Context, r cable.Review) {
	t.Helper()
	if err := rs.RecordReview(ctx, &r); err != nil {
		t.Fatalf("RecordReview(%s): %v", r, err)
	}
}

// checkQueue checks the review queue: "ID why" for each cable. The order
// is not checked: a new version gets a new row in PostgreSQL, which
// orders its queue by row, not by date (noted on branch roomfix).
func checkQueue(t *testing.T, rs cable.ReviewService, ctx context.Context, want ...string) {
	t.Helper()
	items, err := rs.ReviewQueue(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.ID+" "+it.Why)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("review queue = %v, want %v", got, want)
	}
}

// checkPublic checks what the public reader finds: the cables (ids, in
// id order), and which of the review fixtures' words.
func checkPublic(t *testing.T, s Store, public context.Context, ids, words string) {
	t.Helper()
	if n, err := s.CountCables(public); err != nil || n != len(strings.Fields(ids)) {
		t.Errorf("CountCables as the public = %d, %v; want %d (%s)", n, err, len(strings.Fields(ids)), ids)
	}
	for _, id := range strings.Fields("09STATE30001 09STATE30002 09STATE30003") {
		_, err := s.FindCableByID(public, id)
		if want := strings.Contains(ids, id); (err == nil) != want {
			t.Errorf("FindCableByID(%s) as the public = %v; want found %v", id, err, want)
		}
	}
	for n := 1; n <= 3; n++ {
		for _, p := range []string{"A", "B"} {
			w := fmt.Sprintf("ZRV%d%s", n, p)
			got, _ := searchIDs(t, s, public, cable.SearchQuery{Text: w})
			if want := strings.Contains(words, w); (len(got) == 1) != want {
				t.Errorf("search %s as the public finds %v; want found %v", w, got, want)
			}
		}
	}
}
