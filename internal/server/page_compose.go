package server

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// The compose page writes a new cable or a reply, and shows a draft with
// its clearances: the drafter edits it (an edit voids the clearances given
// so far), clearers clear it for their offices, a releaser releases it.
// The buttons shown are those the caller's roles allow; the store checks
// the roles again.

// composePage is the data of compose.html.
type composePage struct {
	layout
	Form   composeForm
	Draft  *cable.Draft // nil for a new cable
	Action string       // where the form posts
	// Editable: the caller may change the draft (its drafter, before
	// release; anyone with a drafter role, for a new cable).
	Editable bool
	Origins  []string // the sites the caller drafts at
	Check    checkResult
	// Refusal lists why release was refused; SaveError what a save
	// refused, and the field it is about.
	Refusal   []string
	SaveError *problem

	Clearances []clearanceRow
	CanRelease bool
	Events     []*cable.Event
	Levels     []struct{ Code, Word string }
	Precs      []cable.Precedence
	// Directory are the posts the addressee fields suggest.
	Directory []string
	// Answer is the cable a new form replies to or forwards, if any.
	Answer *answer
	// Autosave is where the script saves the editable form, every
	// AutosaveMS milliseconds while it has changes (page_autosave.go);
	// Saved when the draft was last saved, HH:MM UTC.
	Autosave   string
	AutosaveMS int64
	Saved      string
}

// clearanceRow is one office's clearance of the draft's current version.
type clearanceRow struct {
	cable.Clearance
	Cleared  bool // for the current version
	CanClear bool // the caller may clear for this office now
}

// handleComposePage shows an empty compose form, or one that answers or
// passes on a cable: ?reply=ID, ?replyall=ID or ?forward=ID (answerForm).
// The cable is read as the caller may see it, so a cable they may not
// read is not found, and the form holds only what their view shows.
func (s *Server) handleComposePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.needTraffic(); err != nil {
		return err
	}
	data := s.composeData(r, nil, composeForm{Class: "U", EO: eoInForce(s.Now())})
	for _, k := range answerKinds {
		id := r.URL.Query().Get(string(k))
		if id == "" || !data.Editable {
			continue // a caller who may not draft is shown no form to fill
		}
		v, err := s.viewOf(r, canonicalCableID(id))
		if err != nil {
			return err
		}
		data.Form = answerForm(k, v, data.Origins, traffic.Sites(caller(r.Context())))
		data.Form.EO = eoInForce(s.Now())
		data.Answer = answerOf(k, v.Cable.ID)
		break
	}
	return s.renderCompose(w, r, http.StatusOK, data)
}

// composeData fills what every compose page needs.
func (s *Server) composeData(r *http.Request, d *cable.Draft, f composeForm) composePage {
	u := caller(r.Context())
	data := composePage{layout: s.page(r, "compose"), Form: f, Draft: d, Action: "/drafts",
		Origins: roleSites(u, cable.RoleDrafter), Levels: levelWords, Precs: cable.Precedences}
	data.Editable = len(data.Origins) > 0
	data.PageBanner = "" // compose.html draws the draft's roll-up
	if d != nil {
		data.Nav = "drafts"
		data.Action = fmt.Sprintf("/drafts/%d", d.ID)
		data.Editable = d.Drafter == u.Name && d.State != cable.DraftReleased
		data.Saved = d.UpdatedAt.UTC().Format("15:04")
	}
	if data.Editable {
		data.Autosave, data.AutosaveMS = data.Action+"/autosave", s.autosaveEvery().Milliseconds()
	}
	return data
}

// renderCompose runs the checks on the form and renders the page.
func (s *Server) renderCompose(w http.ResponseWriter, r *http.Request, status int, data composePage) error {
	data.Check = s.check(r.Context(), &data.Form)
	data.Check.Links = data.Editable
	if data.Editable {
		data.Directory = s.originChoices(r)
	}
	if p := data.SaveError; p != nil && p.Anchor != "" {
		data.Check.Problems = append(data.Check.Problems, *p)
	}
	for i, r := range data.Refusal {
		data.Refusal[i] = webWording(r)
	}
	data.Form = data.Form.withBlankRows()
	return s.render(w, status, "compose.html", data)
}

// roleSites returns the sites where u holds role k.
func roleSites(u *cable.User, k cable.RoleKind) []string {
	var out []string
	for _, r := range u.Roles {
		if r.Kind == k {
			out = append(out, traffic.Norm(r.Post))
		}
	}
	return out
}

// viewOf returns the caller's view of cable id, or NotFound.
func (s *Server) viewOf(r *http.Request, id string) (*access.CableView, error) {
	c, err := s.DB.FindCableByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v, ok := access.View(readerOf(r.Context()), c, access.DistributionOf(c), s.Now())
	if !ok {
		return nil, notFound(id)
	}
	return v, nil
}

// formOp handles the form's buttons that change the form and not the
// draft: import a telegram, add a row. It reports whether there was one.
func formOp(r *http.Request, f *composeForm) bool {
	switch r.PostFormValue("op") {
	case "import":
		if strings.TrimSpace(f.Import) != "" {
			f.fillText(parseImport(f.Import))
			f.Import = ""
		}
	case "add-addressee":
		f.Addressees = append(f.Addressees, addresseeRow{Role: string(cable.RoleTo), Precedence: cable.Routine.String()})
	case "add-para":
		f.Paras = append(f.Paras, paraRow{})
	case "add-action":
		f.Actions = append(f.Actions, actionRow{})
	default:
		return false
	}
	return true
}

// handleDraftCreate saves a new draft, or runs a form button.
func (s *Server) handleDraftCreate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	f, err := readComposeForm(r)
	if err != nil {
		return err
	}
	data := s.composeData(r, nil, f)
	if formOp(r, &data.Form) {
		return s.renderCompose(w, r, http.StatusOK, data)
	}
	d := f.draft()
	if err := tr.CreateDraft(r.Context(), d); err != nil {
		return s.saveFailed(w, r, data, err)
	}
	s.Logger.Info("draft created", "draft", d.ID, "user", userName(r.Context()))
	return redirect(w, r, withDone(fmt.Sprintf("/drafts/%d", d.ID), "created"))
}

// saveFailed shows the form again with why a save was refused; errors the
// drafter cannot fix go to the error page.
func (s *Server) saveFailed(w http.ResponseWriter, r *http.Request, data composePage, err error) error {
	switch cable.KindOf(err) {
	case cable.Invalid, cable.Forbidden, cable.Conflict:
		p := saveProblem(&data.Form, cable.MessageOf(err))
		data.SaveError = &p
		return s.renderCompose(w, r, statusOf(cable.KindOf(err)), data)
	}
	return err
}

// draftID reads the draft id of the path.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, cable.Errorf(cable.NotFound, "draft %s not found", r.PathValue("id"))
	}
	return id, nil
}

// handleDraftPage shows a draft.
func (s *Server) handleDraftPage(w http.ResponseWriter, r *http.Request) error {
	tr, d, err := s.findDraft(r)
	if err != nil {
		return err
	}
	data, err := s.draftData(r, tr, d, formFromDraft(d))
	if err != nil {
		return err
	}
	return s.renderCompose(w, r, http.StatusOK, data)
}

func (s *Server) findDraft(r *http.Request) (cable.TrafficService, *cable.Draft, error) {
	tr, err := s.needTraffic()
	if err != nil {
		return nil, nil, err
	}
	id, err := draftID(r)
	if err != nil {
		return nil, nil, err
	}
	d, err := tr.FindDraftByID(r.Context(), id)
	return tr, d, err
}

// draftData fills a draft's page: its clearances, what the caller may do,
// its events.
func (s *Server) draftData(r *http.Request, tr cable.TrafficService, d *cable.Draft, f composeForm) (composePage, error) {
	ctx := r.Context()
	u := caller(ctx)
	data := s.composeData(r, d, f)
	for _, c := range d.Clearances {
		cleared := c.Cleared(d.Version)
		data.Clearances = append(data.Clearances, clearanceRow{Clearance: c, Cleared: cleared,
			CanClear: !cleared && d.State != cable.DraftReleased && traffic.HasRole(u, cable.RoleClearer, c.Office)})
	}
	if post, err := postOfSite(ctx, tr, d.Origin); err == nil {
		data.CanRelease = d.State != cable.DraftReleased && traffic.HasRole(u, cable.RoleReleaser, d.Origin, post.PLAD)
	}
	var err error
	if data.Events, err = tr.FindEvents(ctx, d.ID, ""); err != nil {
		return data, err
	}
	return data, nil
}

// handleDraftSave saves the drafter's edit, or runs a form button.
func (s *Server) handleDraftSave(w http.ResponseWriter, r *http.Request) error {
	tr, d, err := s.findDraft(r)
	if err != nil {
		return err
	}
	f, err := readComposeForm(r)
	if err != nil {
		return err
	}
	data, err := s.draftData(r, tr, d, f)
	if err != nil {
		return err
	}
	if formOp(r, &data.Form) {
		return s.renderCompose(w, r, http.StatusOK, data)
	}
	upd, changed := draftUpdate(d, f.draft())
	if !changed {
		return redirect(w, r, fmt.Sprintf("/drafts/%d", d.ID))
	}
	if _, err := tr.UpdateDraft(r.Context(), d.ID, upd); err != nil {
		return s.saveFailed(w, r, data, err)
	}
	s.Logger.Info("draft saved", "draft", d.ID, "user", userName(r.Context()))
	return redirect(w, r, withDone(fmt.Sprintf("/drafts/%d", d.ID), "saved"))
}

// draftUpdate returns the update that makes d into n, and whether
// anything changed: saving an unchanged form must not void clearances.
func draftUpdate(d, n *cable.Draft) (cable.DraftUpdate, bool) {
	var upd cable.DraftUpdate
	changed := false
	if d.Text != n.Text {
		upd.Text, changed = &n.Text, true
	}
	if !reflect.DeepEqual(d.Addressees, n.Addressees) {
		upd.Addressees, changed = &n.Addressees, true
	}
	var was, now []string
	for _, c := range d.Clearances {
		was = append(was, c.Office)
	}
	for _, c := range n.Clearances {
		now = append(now, traffic.Norm(c.Office))
	}
	if !reflect.DeepEqual(was, now) {
		upd.Clearances, changed = &now, true
	}
	if actionsKey(d.Actions) != actionsKey(n.Actions) {
		upd.Actions, changed = &n.Actions, true
	}
	if len(d.Slug)+len(n.Slug) > 0 && !reflect.DeepEqual(d.Slug, n.Slug) {
		upd.Slug, changed = &n.Slug, true
	}
	return upd, changed
}

// actionsKey writes action requests so that equal requests compare equal
// (a due day read back from the store need not be the same time.Time).
func actionsKey(as []cable.ActionRequest) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "%s|%s|%s\n", a.Owner, day(a.Due), a.Text)
	}
	return b.String()
}

// handleDraftClear clears the draft for one of the caller's offices.
func (s *Server) handleDraftClear(w http.ResponseWriter, r *http.Request) error {
	tr, d, err := s.findDraft(r)
	if err != nil {
		return err
	}
	office := r.PostFormValue("office")
	if _, err := tr.ClearDraft(r.Context(), d.ID, office); err != nil {
		return err
	}
	s.Logger.Info("draft cleared", "draft", d.ID, "office", office, "user", userName(r.Context()))
	return redirect(w, r, withDone(fmt.Sprintf("/drafts/%d", d.ID), "cleared"))
}

// handleDraftRelease releases the draft, or shows why it may not be.
func (s *Server) handleDraftRelease(w http.ResponseWriter, r *http.Request) error {
	tr, d, err := s.findDraft(r)
	if err != nil {
		return err
	}
	rel, err := tr.ReleaseDraft(r.Context(), d.ID)
	var refused *cable.ReleaseRefusedError
	if errors.As(err, &refused) {
		data, derr := s.draftData(r, tr, d, formFromDraft(d))
		if derr != nil {
			return derr
		}
		data.Refusal = refused.Reasons
		return s.renderCompose(w, r, http.StatusUnprocessableEntity, data)
	}
	if err != nil {
		return err
	}
	s.Logger.Info("released", "draft", d.ID, "cable", rel.CableID, "user", userName(r.Context()))
	return redirect(w, r, withDone("/cables/"+rel.CableID, "released"))
}
