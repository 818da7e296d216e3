package storetest

import (
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// reply is Beijing's answer to the seed, citing it.
const reply = `08BEIJING42
PRC RESPONSE TO DEMARCHE
Sat Nov 24 00:00:00 +0100 2007
CONFIDENTIAL
Embassy Beijing
P 240900Z NOV 07
FM AMEMBASSY BEIJING
TO RUEHC/SECSTATE WASHDC PRIORITY 0001C O N F I D E N T I A L BEIJING 000042

SIPDIS

E.O. 12958: DECL: 11/24/2017
TAGS: PARM, PREL, CH
SUBJECT: (C) PRC RESPONSE TO DEMARCHE ON ARMS TRANSFERS

REF: A. STATE 159388 B. BEIJING 6848

Classified By: Ambassador Clark T. Randt. Reasons 1.4 (b) and (d).

1. (C) MFA officials received the demarche.

2. (U) Post will report further.
RANDT`

func testRefs(t *testing.T, s Store) {
	MustImport(t, s, Seed(t), []byte(strings.Replace(reply, "08BEIJING42", "07BEIJING42", 1)))
	us := as("SECRET", "USA")
	g, err := s.FindRefs(us, "07STATE159388")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Cites) != 8 {
		t.Errorf("the seed cites %d references, want 8", len(g.Cites))
	}
	for _, l := range g.Cites {
		if l.InArchive {
			t.Errorf("reference %s is in the archive, want dangling", l.ID)
		}
	}
	if len(g.CitedBy) != 1 || g.CitedBy[0].ID != "07BEIJING42" {
		t.Errorf("cited by = %+v, want 07BEIJING42", g.CitedBy)
	}
	if len(g.Thread) != 2 || g.Thread[0].ID != "07STATE159388" {
		t.Errorf("thread = %+v, want the seed then the reply", g.Thread)
	}
	back, err := s.FindRefs(us, "07BEIJING42")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Cites) < 1 || back.Cites[0].ID != "07STATE159388" || !back.Cites[0].InArchive {
		t.Errorf("the reply's first reference = %+v, want the seed, in the archive", back.Cites)
	}
	// A confidential reader knows the reply but may not know of the seed's
	// SECRET subject or its references (unmarked text under a SECRET
	// banner). The seed is known to them (paragraphs 7 and 8).
	conf := as("CONFIDENTIAL", "USA")
	g, err = s.FindRefs(conf, "07STATE159388")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Cites) != 0 {
		t.Errorf("confidential reader sees the seed's references (banner SECRET): %+v", g.Cites)
	}
	if _, err := s.FindRefs(as("UNCLASSIFIED", "USA"), "07STATE159388"); cable.KindOf(err) != cable.NotFound {
		t.Errorf("uncleared reader: FindRefs error = %v, want NotFound", err)
	}
}

func testUsers(t *testing.T, s Store) {
	ctx := as("SECRET", "USA")
	u := &cable.User{Name: "desk", Clearance: "secret", Citizenship: "US", Posts: []string{"SECSTATE WASHDC"}}
	if err := s.CreateUser(ctx, u, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if u.Clearance != "SECRET" || u.Citizenship != "USA" {
		t.Errorf("user not canonicalised: %+v", u)
	}
	if err := s.CreateUser(ctx, &cable.User{Name: "desk", Clearance: "SECRET", Citizenship: "USA"}, "another one"); cable.KindOf(err) != cable.Conflict {
		t.Errorf("duplicate user: err = %v, want Conflict", err)
	}
	if err := s.CreateUser(ctx, &cable.User{Name: "x", Clearance: "SECRETISH", Citizenship: "USA"}, "long enough"); cable.KindOf(err) != cable.Invalid {
		t.Errorf("bad clearance: err = %v, want Invalid", err)
	}
	if _, err := s.Authenticate(ctx, "desk", "wrong password"); cable.KindOf(err) != cable.Unauthenticated {
		t.Errorf("wrong password: err = %v, want Unauthenticated", err)
	}
	got, err := s.Authenticate(ctx, "desk", "correct horse")
	if err != nil || got.Name != "desk" {
		t.Fatalf("Authenticate = %v, %v", got, err)
	}
	tok, err := s.CreateToken(ctx, "desk", "cli")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.UserByToken(ctx, tok); err != nil || got.Name != "desk" {
		t.Errorf("UserByToken = %v, %v", got, err)
	}
	if _, err := s.UserByToken(ctx, tok+"x"); cable.KindOf(err) != cable.Unauthenticated {
		t.Errorf("bad token: err = %v, want Unauthenticated", err)
	}
	clr := "CONFIDENTIAL"
	if got, err := s.UpdateUser(ctx, "desk", cable.UserUpdate{Clearance: &clr}); err != nil || got.Clearance != "CONFIDENTIAL" {
		t.Errorf("UpdateUser = %v, %v", got, err)
	}
}
