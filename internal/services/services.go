// Package services builds every domain service once, wired to each other, for
// the JSON API, the HTML pages, the command line and the background jobs: the
// two faces of the web app call the very same methods.
package services

import (
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/helpdesk"
	"evalcred/internal/imports"
	"evalcred/internal/jobs"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/stats"
)

// Config is what the services need from the configuration.
type Config struct {
	// DataDir holds uploaded files and keys.
	DataDir string
	// Mail sends e-mail; nil keeps messages in the outbox.
	Mail notify.Sender
	// LedgerKey is a base64 Ed25519 seed for signing the credit ledger's head;
	// empty means a key file in DataDir.
	LedgerKey string
}

// Set is every service of the application.
type Set struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Config Config

	Auth   *auth.Service
	Notify *notify.Notifier
	Mailer *notify.Mailer

	Helpdesk *helpdesk.Service
	Stats    *stats.Service
	Imports  *imports.Service
}

// New wires the services on d.
func New(d *db.DB, clk clock.Clock, cfg Config) (*Set, error) {
	s := &Set{DB: d, Clock: clk, Cal: calendar.Default(), Config: cfg}
	s.Auth = &auth.Service{DB: d, Clock: clk}
	s.Notify = &notify.Notifier{T: locale.T}
	s.Mailer = &notify.Mailer{DB: d, Clock: clk, Sender: cfg.Mail}
	s.Helpdesk = &helpdesk.Service{DB: d, Clock: clk, Cal: s.Cal, Notify: s.Notify}
	s.Stats = &stats.Service{DB: d, Clock: clk}
	s.Imports = &imports.Service{DB: d, Clock: clk}
	return s, nil
}

// Jobs returns the background jobs of all services.
func (s *Set) Jobs() []jobs.Job {
	return []jobs.Job{
		{Name: "sessions.purge", Every: hour, Slot: jobs.Daily, Run: s.Auth.PurgeExpired},
		{Name: "mail.drain", Every: minute, Run: s.drainMail},
		{Name: "questions.overdue", Every: hour, Slot: jobs.Daily, Run: s.Helpdesk.RemindJob},
	}
}
