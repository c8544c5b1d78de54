// Package services builds every domain service once, wired to each other, for
// the JSON API, the HTML pages, the command line and the background jobs: the
// two faces of the web app call the very same methods.
package services

import (
	"context"
	"crypto/ed25519"
	"path/filepath"
	"slices"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/filestore"
	"evalcred/internal/filing"
	"evalcred/internal/helpdesk"
	"evalcred/internal/imports"
	"evalcred/internal/indicator"
	"evalcred/internal/jobs"
	"evalcred/internal/ledger"
	"evalcred/internal/locale"
	"evalcred/internal/notify"
	"evalcred/internal/policy"
	"evalcred/internal/project"
	"evalcred/internal/publicquery"
	"evalcred/internal/registry"
	"evalcred/internal/relation"
	"evalcred/internal/review"
	"evalcred/internal/spotcheck"
	"evalcred/internal/stats"
	"evalcred/internal/team"
	"evalcred/internal/todo"
	"evalcred/internal/training"
	"evalcred/internal/yearclose"
)

// Config is what the services need from the configuration.
type Config struct {
	// DataDir holds uploaded files and keys.
	DataDir string
	// Mail sends e-mail; nil keeps messages in the outbox.
	Mail notify.Sender
	// LedgerKey is a base64 Ed25519 seed for signing the credit ledger's head,
	// LedgerKeyFile a file holding one; with neither, a key file in DataDir.
	LedgerKey     string
	LedgerKeyFile string
	// Files keeps uploaded files; nil means a directory DataDir/files.
	Files filestore.Store
	// PublicCacheBytes bounds the public pages kept in memory; 0 keeps none.
	PublicCacheBytes int64
}

// Set is every service of the application.
type Set struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Config Config

	Auth   *auth.Service
	Policy *policy.Service
	Notify *notify.Notifier
	Mailer *notify.Mailer
	Inbox  *notify.Inbox
	// Files keeps uploaded files (attachments, plans, reports).
	Files filestore.Store
	// Registry, Filing and Review are registration, filing and the two-level review.
	Registry *registry.Service
	Filing   *filing.Service
	Review   *review.Service
	// Project runs evaluation projects (selection, plan, guidance, report review).
	Project *project.Service
	// Draw answers the public page of a draw (selections and spot checks).
	Draw *draw.Service
	// Indicator keeps each province's library of indicator templates.
	Indicator *indicator.Service
	// Team staffs projects; SpotCheck draws and records spot checks.
	Team      *team.Service
	SpotCheck *spotcheck.Service
	// Relation keeps the ties institutions declare (selections and teams leave out the tied).
	Relation *relation.Service

	Helpdesk *helpdesk.Service
	// Todo is each person's work of the day, for the home page.
	Todo    *todo.Service
	Stats   *stats.Service
	Imports *imports.Service

	// Ledger signs the credit ledger's head; Credit keeps records, sanctions,
	// objections, repair and standing; Public answers the public credit pages.
	Ledger *ledger.Ledger
	Credit *credit.Service
	Public *publicquery.Service

	// Assessment scores institutions on completed projects; YearClose grades
	// the year, applies consequences and fees; Training keeps sessions and
	// attendance (its rule is part of the credit part's eligibility).
	Assessment *assessment.Service
	YearClose  *yearclose.Service
	Training   *training.Service
}

// New wires the services on d.
func New(d *db.DB, clk clock.Clock, cfg Config) (*Set, error) {
	s := &Set{DB: d, Clock: clk, Cal: calendar.Default(), Config: cfg}
	s.Auth = &auth.Service{DB: d, Clock: clk}
	s.Policy = &policy.Service{DB: d, Clock: clk}
	s.Notify = &notify.Notifier{T: locale.T}
	s.Mailer = &notify.Mailer{DB: d, Clock: clk, Sender: cfg.Mail}
	s.Inbox = &notify.Inbox{DB: d, Clock: clk}
	files := cfg.Files
	if files == nil {
		dir, err := filestore.NewDir(filepath.Join(cfg.DataDir, "files"))
		if err != nil {
			return nil, err
		}
		files = dir
	}
	s.Files = files
	s.Registry = &registry.Service{DB: d, Clock: clk, Notify: s.Notify}
	s.Auth.Pending = s.Registry.PendingPassword
	s.Filing = &filing.Service{DB: d, Clock: clk, Files: files, Notify: s.Notify}
	s.Review = &review.Service{DB: d, Clock: clk, Cal: s.Cal, Notify: s.Notify, Institutions: s.Registry, Filings: s.Filing}
	// filing does not import review: submission opens the level-1 task through this hook.
	s.Filing.OnSubmit = s.Review.OpenLevel1
	// Registration and filing approval create and rename institutions; the
	// public name search must follow in the same transaction.
	s.Registry.OnName = publicquery.IndexName
	s.Review.OnName = publicquery.IndexGrams // the approval stores name_norm itself
	s.Helpdesk = &helpdesk.Service{DB: d, Clock: clk, Cal: s.Cal, Notify: s.Notify}
	s.Todo = &todo.Service{DB: d, Clock: clk}
	s.Stats = &stats.Service{DB: d, Clock: clk}
	s.Imports = &imports.Service{DB: d, Clock: clk, OnName: publicquery.IndexName, Notify: s.Notify}
	var key ed25519.PrivateKey
	var err error
	if cfg.LedgerKeyFile != "" {
		key, err = ledger.KeyFromFile(cfg.LedgerKeyFile)
	} else {
		key, err = ledger.LoadKey(cfg.DataDir, cfg.LedgerKey)
	}
	if err != nil {
		return nil, err
	}
	s.Ledger = ledger.New(key)
	s.Credit = &credit.Service{DB: d, Clock: clk, Cal: s.Cal, Notify: s.Notify, Ledger: s.Ledger}
	s.Review.Credit = s.Credit
	s.Public = &publicquery.Service{DB: d, Clock: clk}
	if cfg.PublicCacheBytes > 0 {
		s.Public.Cache = publicquery.NewPageCache(d, clk, cfg.PublicCacheBytes)
	}
	s.Assessment = &assessment.Service{DB: d, Clock: clk, Cal: s.Cal, Notify: s.Notify}
	s.YearClose = &yearclose.Service{DB: d, Clock: clk, Credit: s.Credit}
	s.Training = &training.Service{DB: d, Clock: clk}
	training.Register(s.Credit)
	// Selections and teams ask the application's credit part (with the
	// training rule); merit ranks by the latest assessment scores.
	s.Relation = &relation.Service{DB: d, Clock: clk}
	s.Indicator = &indicator.Service{DB: d, Clock: clk}
	s.Draw = &draw.Service{DB: d}
	if s.Team, err = team.New(d, clk, s.Notify, s.Credit); err != nil {
		return nil, err
	}
	s.SpotCheck = &spotcheck.Service{DB: d, Clock: clk, Propose: spotcheck.CreditProposer(s.Credit), Draws: s.Draw}
	if s.Project, err = project.New(d, clk, s.Notify, s.Files, s.Credit, s.Team, s.SpotCheck); err != nil {
		return nil, err
	}
	s.SpotCheck.Projects = s.Project
	s.Assessment.Projects = s.Project
	s.Project.Scores = yearclose.Scores{}
	return s, nil
}

// Ready reports whether the services can work: the database answers.
func (s *Set) Ready(ctx context.Context) error { return s.DB.Ping(ctx) }

// Jobs returns the background jobs of all services.
func (s *Set) Jobs() []jobs.Job {
	return append([]jobs.Job{
		{Name: "sessions.purge", Every: hour, Slot: jobs.Daily, Run: s.Auth.PurgeExpired},
		{Name: "mail.drain", Every: minute, Run: s.drainMail},
		{Name: "questions.overdue", Every: hour, Slot: jobs.Daily, Run: s.Helpdesk.RemindJob},
		{Name: "imports.sweep", Every: 10 * minute, Run: s.Imports.SweepInterrupted},
	}, slices.Concat(s.Credit.Jobs(), s.Review.Jobs(), s.Public.Jobs())...)
}
