package ui

import (
	"net/http"

	"evalcred/internal/todo"
	"evalcred/internal/web"
)

// homeData is a person's home page: what they have to do today, each item
// a link to the page where it is done.
type homeData struct {
	Todos []todo.Item
}

// home shows a visitor the welcome page and a person their to-dos.
func (u *UI) home(w http.ResponseWriter, r *http.Request) {
	a := web.Actor(r)
	if a == nil {
		u.Engine.Render(w, r, http.StatusOK, "welcome", u.page(r, "welcome.title", nil))
		return
	}
	items, err := u.S.Todo.List(r.Context(), a)
	u.show(w, r, "home", "home.title", homeData{Todos: items}, err)
}
