package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The administration pages: users with their clearance, citizenship,
// posts, read-ins and roles, and the directory of posts and offices.
// Administrators only (the routes' gate); the store checks again. Being
// an administrator clears no one to read anything: these pages show no
// cable.

// adminPage is the data of admin.html.
type adminPage struct {
	layout
	Users []*cable.User
	Sites []*cable.Site
	Site  string // the directory filter
	// SitePage is the directory page shown, from 1; SiteTotal how many
	// entries match the filter; SiteFirst the position of Sites' first.
	SitePage, SiteTotal, SiteFirst int
	Error                          string
	New                            userForm
	NewSite                        cable.Site
	Levels                         []struct{ Code, Word string }
	Kinds                          []cable.SiteKind
	// The security officers' part (page_guard.go).
	Alerts  []cable.Alert
	Raises  []cable.Raise
	Changes []cable.UserChange
}

// userForm is the user form's values; lists are one item a line.
type userForm struct {
	Name, DisplayName, Clearance, Citizenship string
	Posts, ReadIns, Roles                     string
	Admin                                     bool
}

// handleAdminPage lists users and the directory.
func (s *Server) handleAdminPage(w http.ResponseWriter, r *http.Request) error {
	data := adminPage{New: userForm{Clearance: "SECRET", Citizenship: "USA"}}
	return s.renderAdmin(w, r, http.StatusOK, data)
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, data adminPage) error {
	ctx := r.Context()
	data.layout, data.Levels = s.page(r, "admin"), levelWords
	data.Kinds = []cable.SiteKind{cable.SitePost, cable.SiteOffice, cable.SiteCollective}
	var err error
	if data.Users, err = s.DB.FindUsers(ctx, cable.UserFilter{}); err != nil {
		return err
	}
	if err := s.guardData(r, &data); err != nil {
		return err
	}
	if tr, ok := s.traffic(); ok {
		if err := directoryPage(r, tr, &data); err != nil {
			return err
		}
	}
	return s.render(w, status, "admin.html", data)
}

// sitesPerPage is how many directory entries the admin page lists at a
// time. It listed the first 50 and no more (issue 17, defect 8); a
// directory holds hundreds, so the page now says how many and pages.
const sitesPerPage = 50

// directoryPage fills the admin page's page of the directory, as asked
// by ?site= (a filter) and ?dirpage= (the page, from 1). A directory is a
// few thousand rows at most: the store gives them all and the page cuts.
func directoryPage(r *http.Request, tr cable.TrafficService, data *adminPage) error {
	q := r.URL.Query()
	data.Site, data.SitePage = q.Get("site"), 1
	if n, err := strconv.Atoi(q.Get("dirpage")); err == nil && n > 1 {
		data.SitePage = n
	}
	all, err := tr.FindSites(r.Context(), cable.SiteFilter{Text: data.Site})
	if err != nil {
		return err
	}
	data.SiteTotal = len(all)
	data.SiteFirst = min((data.SitePage-1)*sitesPerPage, len(all))
	data.Sites = all[data.SiteFirst:min(data.SiteFirst+sitesPerPage, len(all))]
	return nil
}

// SiteLast is the position of the last entry shown.
func (p adminPage) SiteLast() int { return p.SiteFirst + len(p.Sites) }

// SiteMore reports whether another page of the directory follows.
func (p adminPage) SiteMore() bool { return p.SiteLast() < p.SiteTotal }

// readUserForm reads the user form.
func readUserForm(r *http.Request) userForm {
	return userForm{
		Name: strings.TrimSpace(r.PostFormValue("name")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Clearance: r.PostFormValue("clearance"), Citizenship: strings.TrimSpace(r.PostFormValue("citizenship")),
		Posts: r.PostFormValue("posts"), ReadIns: r.PostFormValue("read_ins"), Roles: r.PostFormValue("roles"),
		Admin: r.PostFormValue("admin") == "1",
	}
}

// formOfUser writes a user into the form.
func formOfUser(u *cable.User) userForm {
	au := api.FromUser(u)
	return userForm{Name: u.Name, DisplayName: u.DisplayName, Clearance: u.Clearance, Citizenship: u.Citizenship,
		Posts: strings.Join(u.Posts, "\n"), ReadIns: strings.Join(u.ReadIns, "\n"), Roles: strings.Join(au.Roles, "\n"), Admin: u.Admin}
}

// handleAdminUserCreate adds a user.
func (s *Server) handleAdminUserCreate(w http.ResponseWriter, r *http.Request) error {
	f := readUserForm(r)
	req := api.UserCreate{Name: f.Name, DisplayName: f.DisplayName, Clearance: f.Clearance, Citizenship: f.Citizenship,
		Posts: nonBlankLines(f.Posts), ReadIns: nonBlankLines(f.ReadIns), Roles: nonBlankLines(f.Roles), Admin: f.Admin,
		Password: r.PostFormValue("password")}
	u, err := req.User()
	if err != nil {
		err = &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	} else {
		err = s.DB.CreateUser(r.Context(), u, req.Password)
	}
	if err != nil {
		if cable.KindOf(err) == cable.Internal {
			return err
		}
		return s.renderAdmin(w, r, statusOf(cable.KindOf(err)), adminPage{New: f, Error: cable.MessageOf(err)})
	}
	s.Logger.Info("user created", "user", u.Name, "by", userName(r.Context()))
	return redirect(w, r, withDone("/admin", "user-added"))
}

// userPage is the data of user.html.
type userPage struct {
	layout
	Form   userForm
	Error  string
	Levels []struct{ Code, Word string }
}

// handleAdminUserPage shows one user's form.
func (s *Server) handleAdminUserPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.DB.FindUserByName(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "user.html", userPage{layout: s.page(r, "admin"), Form: formOfUser(u), Levels: levelWords})
}

// handleAdminUserSave changes a user; an empty password field keeps the
// password.
func (s *Server) handleAdminUserSave(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	f := readUserForm(r)
	f.Name = name
	posts, readIns, roles := nonBlankLines(f.Posts), nonBlankLines(f.ReadIns), nonBlankLines(f.Roles)
	req := api.UserUpdate{DisplayName: &f.DisplayName, Clearance: &f.Clearance, Citizenship: &f.Citizenship,
		Posts: &posts, ReadIns: &readIns, Roles: &roles, Admin: &f.Admin}
	if pw := r.PostFormValue("password"); pw != "" {
		req.Password = &pw
	}
	upd, err := req.Update()
	var pending int64
	if err != nil {
		err = &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	} else {
		_, pending, err = s.changeUser(r, name, upd)
	}
	if err != nil {
		if cable.KindOf(err) == cable.Internal {
			return err
		}
		data := userPage{layout: s.page(r, "admin"), Form: f, Error: cable.MessageOf(err), Levels: levelWords}
		return s.render(w, statusOf(cable.KindOf(err)), "user.html", data)
	}
	if pending != 0 {
		return redirect(w, r, withDone("/admin/users/"+url.PathEscape(name), "change-pending"))
	}
	s.Logger.Info("user updated", "user", name, "by", userName(r.Context()))
	return redirect(w, r, withDone("/admin/users/"+url.PathEscape(name), "user-saved"))
}

// handleAdminSiteCreate adds a post, office or collective to the
// directory.
func (s *Server) handleAdminSiteCreate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	site := &cable.Site{PLAD: strings.ToUpper(v("plad")), Kind: cable.SiteKind(v("kind")), RI: strings.ToUpper(v("ri")),
		Country: strings.ToUpper(v("country")), Parent: strings.ToUpper(v("parent")), Station: strings.ToUpper(v("station")),
		Name: v("site_name")}
	if err := tr.CreateSite(r.Context(), site); err != nil {
		if cable.KindOf(err) == cable.Internal {
			return err
		}
		return s.renderAdmin(w, r, statusOf(cable.KindOf(err)), adminPage{NewSite: *site, Error: cable.MessageOf(err),
			New: userForm{Clearance: "SECRET", Citizenship: "USA"}})
	}
	s.Logger.Info("site created", "site", site.PLAD, "by", userName(r.Context()))
	return redirect(w, r, withDone("/admin", "site-added"))
}
