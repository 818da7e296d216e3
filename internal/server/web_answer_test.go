package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// answerForm is what the compose form of an answer holds, field by field.
type answerForm struct {
	Refs, Subject, SubjectMark string
	To, Info                   []string
}

// TestPages_Answer: reply, reply to all and forward open compose with the
// cited cable under REF, its subject as the caller's view shows it, and
// the addressees of each kind of answer; a cable the caller may not read
// is not found, and the form holds nothing the caller's view withholds.
func TestPages_Answer(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	MustImport(t, f.tr.DB, "../cabletext/testdata/seed.txt", "testdata/ts.txt", "testdata/beijing.txt")
	low := &cable.User{Name: "low-drafter", Clearance: "CONFIDENTIAL", Citizenship: "USA", Posts: []string{"AMEMBASSY BEIJING"},
		Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "AMEMBASSY BEIJING"}}}
	if err := f.tr.CreateUser(context.Background(), low, testPassword); err != nil {
		t.Fatal(err)
	}
	subject := "DEMARCHE ON IMPENDING CONVENTIONAL ARMS TRANSFER"
	for _, tc := range []struct {
		name, user, path string
		want             answerForm
	}{
		{"reply", "beijing-duty", "/compose?reply=07STATE159388",
			answerForm{Refs: "STATE 159388", Subject: "RESPONSE TO " + subject, To: []string{"SECSTATE WASHDC IMMEDIATE"}}},
		// Beijing's own post is dropped from a reply to all.
		{"reply all from the addressee", "beijing-duty", "/compose?replyall=07STATE159388",
			answerForm{Refs: "STATE 159388", Subject: "RESPONSE TO " + subject, To: []string{"SECSTATE WASHDC IMMEDIATE"}}},
		{"reply all from ISN", "isn-drafter", "/compose?replyall=07STATE159388",
			answerForm{Refs: "STATE 159388", Subject: "RESPONSE TO " + subject, To: []string{"SECSTATE WASHDC IMMEDIATE"},
				Info: []string{"AMEMBASSY BEIJING ROUTINE"}}},
		{"forward", "isn-drafter", "/compose?forward=07STATE159388",
			answerForm{Refs: "STATE 159388", Subject: subject}},
		// The subject is a portion with its own mark, carried with it.
		{"reply to a marked subject", "isn-drafter", "/compose?reply=08beijing100004",
			answerForm{Refs: "BEIJING 100004", Subject: "RESPONSE TO ZQBJA0 DEMARCHE DELIVERED", SubjectMark: "U",
				To: []string{"AMEMBASSY BEIJING ROUTINE"}}},
		// A CONFIDENTIAL reader is not shown the SECRET subject: the form
		// has none.
		{"subject withheld", "low-drafter", "/compose?reply=07STATE159388",
			answerForm{Refs: "STATE 159388", To: []string{"SECSTATE WASHDC IMMEDIATE"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newBrowser(t, f.srv.URL()).login(tc.user, testPassword).get(tc.path)
			d := mustStatus(t, tc.path, a, http.StatusOK)
			v := formValues(d, "#compose")
			got := answerForm{Refs: v.Get("refs"), Subject: v.Get("subject"), SubjectMark: v.Get("subject_mark")}
			got.Subject = strings.SplitN(got.Subject, " AND INTERIM", 2)[0]
			for i, p := range v["addr_plad"] {
				if p == "" {
					continue
				}
				row := p + " " + v["addr_prec"][i]
				if v["addr_role"][i] == "info" {
					got.Info = append(got.Info, row)
				} else {
					got.To = append(got.To, row)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s as %s (-want +got):\n%s", tc.path, tc.user, diff)
			}
			if tc.user == "low-drafter" {
				for _, w := range []string{"IMPENDING", "Tianjin", "Stratford", "RICE"} {
					if strings.Contains(a.body, w) {
						t.Errorf("the reply form shows %q, which a CONFIDENTIAL reader may not see", w)
					}
				}
			}
			if got := d.text("#answer-note"); !strings.Contains(got, "cites it under References") {
				t.Errorf("answer note = %q", got)
			}
		})
	}

	// A cable the caller may not read cannot be answered: it is not found,
	// and the page says nothing of it.
	isn := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	for _, q := range []string{"reply", "replyall", "forward"} {
		a := isn.get("/compose?" + q + "=08STATE100001")
		if a.status != http.StatusNotFound || strings.Contains(a.body, "ZQ") {
			t.Errorf("%s of a TOP SECRET cable by a SECRET drafter = %d, shows ZQ words: %v", q, a.status, strings.Contains(a.body, "ZQ"))
		}
	}
	// The cable page offers the three answers to a drafter.
	d := parsePage(t, isn.get("/cables/07STATE159388"))
	if got := d.attrs(".answer-links a", "href"); !cmp.Equal(got, []string{"/compose?reply=07STATE159388",
		"/compose?replyall=07STATE159388", "/compose?forward=07STATE159388"}) {
		t.Errorf("answer links = %q", got)
	}
}
