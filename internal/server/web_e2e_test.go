package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/traffic/scenario"
)

// TestBrowser_SeedScenario plays the seed scenario of the traffic issue in
// a real browser, through the pages and their script: ISN drafts the
// demarche from the seed's text, EAP and T clear it, release is refused
// because the banner SECRET is below the roll-up SECRET//NOFORN, the
// drafter adds NOFORN (the live checks clear as they type) and the edit
// voids the clearances, EAP and T clear again, it is released; the Beijing
// duty officer finds it at the top of the inbox and acknowledges it,
// replies with REF: STATE 159388, releases the reply, the action closes,
// and ISN, T and EAP find the reply in their inboxes. The Chinese liaison
// officer's view, and the release copy for China, show paragraphs 2, 6, 7
// and 8 only. Every page visited passes the accessibility check.
func TestBrowser_SeedScenario(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	c := MustStartChrome(t, f.srv.URL())

	isn := c.as("isn-drafter")
	browserDraftDemarche(t, isn)
	draft := isn.location()

	f.at(11, 21, 20, 30)
	clearAs(t, c, "eap-clearer", draft, "EAP")
	f.at(11, 21, 20, 40)
	clearAs(t, c, "t-clearer", draft, "T")

	f.at(11, 21, 21, 10)
	isn.open(draft)
	isn.click("#release")
	if got := isn.text("#refusal"); !strings.Contains(got, "banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5") {
		t.Fatalf("refusal = %q", got)
	}
	isn.checkA11y()

	// The fix, typed: the live checks clear before anything is saved.
	f.at(11, 21, 21, 30)
	isn.do(chromedp.Clear(chromedp.ID("f-captions")), chromedp.SendKeys(chromedp.ID("f-captions"), "NOFORN SIPDIS"))
	isn.waitFor("the live checks to clear", `document.querySelector("#all-clear")`)
	if got := isn.text("#check-banner"); got != "SECRET//NOFORN" {
		t.Errorf("live banner = %q, want SECRET//NOFORN", got)
	}
	isn.click("#save")
	for _, office := range []string{"EAP", "T"} {
		if got := isn.text(fmt.Sprintf(`tr[data-office=%q] .clearance-state`, office)); got != "pending" {
			t.Errorf("%s's clearance after the edit = %q, want pending", office, got)
		}
	}
	f.at(11, 21, 22, 0)
	clearAs(t, c, "eap-clearer", draft, "EAP")
	f.at(11, 21, 22, 30)
	clearAs(t, c, "t-clearer", draft, "T")

	f.at(11, 22, 0, 0)
	isn.open(draft)
	isn.click("#release")
	if got := isn.location(); !strings.HasPrefix(got, "/cables/07STATE159388") {
		t.Fatalf("release went to %s", got)
	}
	if got := isn.text("#banner-top"); got != "Classification: SECRET//NOFORN" {
		t.Errorf("banner = %q", got)
	}

	f.at(11, 22, 0, 12)
	duty := c.as("beijing-duty")
	awaitInbox(t, duty, "07STATE159388")
	if got := eval[string](duty, `document.querySelector("tr[data-cable]").dataset.cable`); got != "07STATE159388" {
		t.Errorf("top of Beijing's inbox = %s", got)
	}
	duty.checkA11y()
	f.at(11, 22, 0, 20)
	duty.click(`tr[data-cable="07STATE159388"] button`)
	if got := duty.text(`tr[data-cable="07STATE159388"] td:last-child`); got != "acknowledged by beijing-duty" {
		t.Errorf("after acknowledging: %q", got)
	}

	f.at(11, 23, 2, 0)
	replyAsBeijing(t, c)

	checkAnswered(t, c)
	checkReleaseCopies(t, c)
}

// browserDraftDemarche has ISN fill the compose form from the seed's text and
// save it; it leaves the tab on the draft's page.
func browserDraftDemarche(t *testing.T, isn *tab) {
	t.Helper()
	isn.open("/compose")
	isn.checkA11y()
	isn.do(chromedp.SetValue(chromedp.ID("f-import"), scenario.DemarcheText()))
	isn.click("#import")
	if got := isn.text("#check-rollup"); got != "SECRET//NOFORN" {
		t.Errorf("roll-up = %q, want SECRET//NOFORN", got)
	}
	isn.do(chromedp.SetValue(chromedp.ID("f-origin"), "ISN"),
		chromedp.SendKeys(chromedp.ID("addr-0-plad"), "AMEMBASSY BEIJING"),
		chromedp.SetValue(chromedp.ID("addr-0-prec"), "IMMEDIATE"),
		chromedp.SendKeys(chromedp.ID("f-clearers"), "EAP, T"))
	// The live check saw the addressee typed: no "no TO addressee" left.
	isn.waitFor("the live check of the addressee", `document.querySelector("#checks").dataset.checked &&
		!document.querySelector("#checks").innerText.includes("no TO addressee")`)
	if got := isn.text(`#findings li[data-field="classification"]`); !strings.Contains(got, "1:1") {
		t.Errorf("banner finding = %q, want it at 1:1", got)
	}
	isn.click("#save")
	if got := isn.location(); !strings.HasPrefix(got, "/drafts/") {
		t.Fatalf("saved to %s", got)
	}
	isn.do(chromedp.Navigate(isn.c.base + strings.Split(isn.location(), "?")[0]))
}

// clearAs logs in as a clearer, finds the draft in the inbox and clears it.
func clearAs(t *testing.T, c *chrome, user, draft, office string) {
	t.Helper()
	tb := c.as(user)
	if got := eval[bool](tb, fmt.Sprintf(`!!document.querySelector('#pending a[href=%q]')`, draft)); !got {
		t.Fatalf("%s's inbox does not list %s as awaiting clearance", user, draft)
	}
	tb.click(fmt.Sprintf(`#pending a[href=%q]`, draft))
	tb.checkA11y()
	tb.click("#clear-" + office)
	if got := tb.text(fmt.Sprintf(`tr[data-office=%q] .clearance-state`, office)); !strings.HasPrefix(got, "cleared by "+user) {
		t.Errorf("%s's clearance = %q", office, got)
	}
}

// awaitInbox reloads the inbox until it lists cable id: the dispatcher
// delivers in the background.
func awaitInbox(t *testing.T, tb *tab, id string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		tb.open("/")
		if eval[bool](tb, fmt.Sprintf(`!!document.querySelector('tr[data-cable=%q]')`, id)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never reached the inbox", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// replyAsBeijing has the duty officer (logged in again, a day later)
// reply to the demarche by typing the reply into the form, and release it.
func replyAsBeijing(t *testing.T, c *chrome) {
	t.Helper()
	duty := c.as("beijing-duty")
	duty.open("/cables/07STATE159388")
	duty.checkA11y()
	duty.click("#reply-link")
	if got := eval[string](duty, `document.querySelector("#f-refs").value`); got != "STATE 159388" {
		t.Errorf("reply's references = %q, want STATE 159388", got)
	}
	duty.do(chromedp.SetValue(chromedp.ID("f-class"), "C"),
		chromedp.SetValue(chromedp.ID("f-decl"), "11/23/2032"),
		chromedp.SetValue(chromedp.ID("f-tags"), "PARM, PREL, ETTC, CH, IR"),
		chromedp.SetValue(chromedp.ID("f-subject-mark"), "C"),
		chromedp.SetValue(chromedp.ID("f-subject"), "PRC RESPONSE TO DEMARCHE ON CONVENTIONAL ARMS TRANSFER TO IRAN"),
		chromedp.SetValue(chromedp.ID("f-authority"), "Deputy Chief of Mission"),
		chromedp.SetValue(chromedp.ID("f-reasons"), "1.4(b), 1.4(d)"),
		chromedp.SetValue(chromedp.ID("para-0-mark"), "C"),
		chromedp.SetValue(chromedp.ID("para-0-text"), "Embassy delivered reftel demarche on November 22 to MFA Arms Control Department officials."),
		chromedp.Click(chromedp.CSS(`button[data-add="para"]`)),
		chromedp.SendKeys(chromedp.ID("para-1-mark"), "U"),
		chromedp.SendKeys(chromedp.ID("para-1-text"), "Embassy will report any further response septel."),
		chromedp.SendKeys(chromedp.ID("f-signature"), "RANDT"))
	duty.waitFor("the reply's checks to clear", `document.querySelector("#all-clear")`)
	duty.click("#save")
	duty.do(chromedp.Navigate(duty.c.base + strings.Split(duty.location(), "?")[0]))
	duty.click("#release")
	if got := duty.location(); !strings.HasPrefix(got, "/cables/07BEIJING7214") {
		t.Fatalf("reply released to %s: %s", got, duty.text("main"))
	}
	if got := duty.text("#refs"); !strings.Contains(got, "STATE 159388") || !strings.Contains(got, "07STATE159388") {
		t.Errorf("reply's references = %q, want a link to 07STATE159388", got)
	}
}

// checkAnswered checks that the demarche's action closed and that the
// reply reached the offices the demarche asked replies to be slugged for.
func checkAnswered(t *testing.T, c *chrome) {
	t.Helper()
	for _, user := range []string{"isn-drafter", "t-clearer", "eap-clearer"} {
		tb := c.as(user)
		awaitInbox(t, tb, "07BEIJING7214")
		if user == "isn-drafter" {
			tb.open("/cables/07STATE159388")
			if got := tb.text("#actions td.state"); got != "answered" {
				t.Errorf("the demarche's action = %q, want answered", got)
			}
			tb.checkA11y()
		}
	}
}

// checkReleaseCopies checks what China may see: the liaison officer's own
// view, and the release copy a US officer asks for.
func checkReleaseCopies(t *testing.T, c *chrome) {
	t.Helper()
	liaison := c.as("chn-liaison")
	liaison.open("/cables/07STATE159388")
	if shown, held := liaison.paras(); shown != "2,6,7,8" || held != "" {
		t.Errorf("CHN liaison sees %q (placeholders %q), want 2,6,7,8", shown, held)
	}
	liaison.checkA11y()
	isn := c.as("isn-drafter")
	isn.open("/cables/07STATE159388")
	isn.do(chromedp.SendKeys(chromedp.ID("country"), "CHN"))
	isn.click(`#release-form button`)
	if shown, held := isn.paras(); shown != "2,6,7,8" || held != "" {
		t.Errorf("release copy for CHN shows %q (placeholders %q), want 2,6,7,8", shown, held)
	}
	if got := isn.text("#banner-top"); got != "Classification: SECRET//REL TO USA, CHN" {
		t.Errorf("release copy banner = %q", got)
	}
	isn.checkA11y()
}
