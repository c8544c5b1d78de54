package project

import (
	"context"
	"path/filepath"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/notify"
)

// New builds the project service on d, storing files under dataDir/files.
// Until services.Set holds the application's credit service, eligibility is
// asked of a credit.Service of its own on the same database: the same
// EligiblePool query, but without rules other parts add with AddRule, and
// without Propose (which needs the ledger). When the Set has one, wire it:
//
//	s.Project.Pool = s.Credit
//	s.Project.Propose = project.CreditProposer(s.Credit)
func New(d *db.DB, clk clock.Clock, n *notify.Notifier, dataDir string) (*Service, error) {
	files, err := filestore.NewDir(filepath.Join(dataDir, "files"))
	if err != nil {
		return nil, err
	}
	return &Service{DB: d, Clock: clk, Notify: n, Files: files, Pool: &credit.Service{DB: d, Clock: clk}}, nil
}

// CreditProposer adapts the credit part's Propose: a spot-check finding
// becomes a proposed bad record against the institution.
func CreditProposer(c *credit.Service) Proposer {
	return func(ctx context.Context, a *auth.Actor, p Proposal) (int64, error) {
		res, err := c.Propose(ctx, a, credit.ProposeInput{InstitutionID: p.InstitutionID, Kind: credit.KindBad, Severity: p.Severity,
			Category: p.Category, Facts: p.Facts, Basis: p.Basis})
		return res.ID, err
	}
}
