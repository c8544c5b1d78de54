package ui

import (
	"net/http"
	"slices"

	"evalcred/internal/region"
	"evalcred/internal/registry"
)

// The public registration form: an institution applies with its USCC and
// the account it wants; the region's reviewer decides (registration.go).
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /register", u.public(u.registerForm))
		h("POST /register", u.public(u.register))
	})
}

// registerData is what the form offers: the institution types and the
// cities and counties of the chosen province, grouped by city.
type registerData struct {
	Types     []string
	Province  string
	Provinces []region.Region
	Cities    []cityGroup
	Done      *registry.RegistrationResult
}

type cityGroup struct {
	City     region.Region
	Counties []region.Region
}

// defaultProvince is the province whose regions the form lists first: the
// demo and the pilot are Hunan. Others are one choice away.
const defaultProvince = "430000"

func registerFormData(province string) registerData {
	tree := region.Default()
	if r, ok := tree.Lookup(province); !ok || r.Level != region.Province {
		province = defaultProvince
	}
	d := registerData{Types: registry.Types, Province: province, Provinces: tree.Provinces()}
	for _, c := range tree.Children(province) {
		d.Cities = append(d.Cities, cityGroup{City: c, Counties: tree.Children(c.Code)})
	}
	return d
}

func (u *UI) registerForm(w http.ResponseWriter, r *http.Request) {
	p := u.page(r, "register.title", registerFormData(r.URL.Query().Get("province")))
	p.Form = r.URL.Query()
	u.Engine.Render(w, r, http.StatusOK, "register", p)
}

// register submits the application; the reply page says what happens next.
func (u *UI) register(w http.ResponseWriter, r *http.Request) {
	f := func(k string) string { return r.PostFormValue(k) }
	in := registry.RegistrationInput{USCC: f("uscc"), Name: f("name"), Type: f("type"), RegionCode: f("region_code"),
		ContactName: f("contact_name"), ContactPhone: f("contact_phone"), ContactEmail: f("contact_email"),
		Username: f("username"), Password: f("password")}
	in.PasswordConfirm = formField(r, "password_confirm")
	province := f("province")
	res, err := u.S.Registry.Register(r.Context(), in)
	d := registerFormData(province)
	p := u.page(r, "register.title", d)
	if err != nil {
		p.Form = r.PostForm
		// A password is never sent back into a page.
		p.Form.Del("password")
		p.Form.Del("password_confirm")
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "register", p)
		return
	}
	d.Done = res
	p.Data = d
	u.Engine.Render(w, r, http.StatusCreated, "register", p)
}

// Selected reports whether code is the submitted value of field, for
// re-filling selects.
func (p *Page) Selected(field, code string) bool { return slices.Contains(p.Form[field], code) }
