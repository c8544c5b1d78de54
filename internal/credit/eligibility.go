package credit

import (
	"context"
	"fmt"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// A Rule is one condition of eligibility, declared once: its Block names, in
// SQL, the rows that make an institution ineligible on a date. Standing runs
// the block for one institution and makes each row a Reason; EligiblePool
// keeps, in one query over every institution in scope, those for which no
// block finds a row. So a rule cannot say one thing on an institution's page
// and another in the selection pool.
//
// The rules of the credit part are in rules.go; other parts add theirs with
// AddRule while the application is wired (training: training.Register).
type Rule struct {
	// Code is the code of the rule's reasons (a Block may set another per
	// row: a ban's reason is "ban") and names the rule in errors; Key is the
	// message key of their text.
	Code, Key string
	// Block returns the rule's SQL for a scope and date, reading the policy
	// values it needs through in. A zero Block blocks nobody (the policy
	// turns the rule off).
	Block func(ctx context.Context, in RuleScope) (Block, error)
}

// Block is a rule's SQL: the rows that block the institution "i".
type Block struct {
	// From lists the tables the blocking rows come from ("sanctions s"); the
	// rows are tied to the institution in Where, not in From's own join
	// conditions. Empty when the rule reads the institution's own columns.
	From string
	// Where holds for each blocking row, with Args for its placeholders.
	Where string
	Args  []any
	// Reason is what every row's reason says; Code and Key default to the
	// rule's. Cols, when set, are columns Scan reads from each row to fill in
	// the rest (the record or sanction, the last day, the arguments), in the
	// Order given.
	Reason      Reason
	Cols, Order string
	Scan        func(row db.Scanner, r *Reason) error
}

// RuleScope is what a rule is evaluated for: the institutions of a region
// (one institution's own region for Standing, the pool's scope for
// EligiblePool) on a date. Its policy values are those in force for the
// region on that date.
type RuleScope struct {
	Q     db.Queryer
	Scope region.Scope
	On    calendar.Date
}

// Int reads an integer policy value.
func (in RuleScope) Int(ctx context.Context, key string) (int, error) {
	return policy.Int(ctx, in.Q, in.Scope.Code, key, in.On)
}

// Get decodes a policy value into dst.
func (in RuleScope) Get(ctx context.Context, key string, dst any) error {
	return policy.Get(ctx, in.Q, in.Scope.Code, key, in.On, dst)
}

// AddRule adds a rule of another part to the eligibility. Call it while
// wiring the application, before serving.
func (s *Service) AddRule(r Rule) {
	if r.Code == "" || r.Key == "" || r.Block == nil {
		panic("credit: AddRule needs a code, a message key and a block")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, r)
}

// eligibility is every rule: the credit part's, then those added.
func (s *Service) eligibility() []Rule {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append(append([]Rule(nil), rules...), s.rules...)
}

// reasons lists why an institution of regionCode is ineligible on day,
// rule by rule.
func (s *Service) reasons(ctx context.Context, q db.Queryer, institutionID int64, regionCode string, on calendar.Date) ([]Reason, error) {
	in := RuleScope{Q: q, Scope: region.Scope{Code: regionCode}, On: on}
	out := []Reason{}
	for _, r := range s.eligibility() {
		b, err := r.Block(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("credit: rule %s: %w", r.Code, err)
		}
		if b.Where == "" {
			continue
		}
		rs, err := institutionStore{q}.reasons(ctx, institutionID, r, b)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// EligiblePool returns, in id order, every institution in scope that Standing
// would call eligible on day: one set-based query, never one per
// institution, for selection among tens of thousands. The rules read the
// policy of the scope's region (the province, when a project selects).
func (s *Service) EligiblePool(ctx context.Context, q db.Queryer, scope region.Scope, day calendar.Date) ([]int64, error) {
	in := RuleScope{Q: q, Scope: scope, On: day}
	var blocks []Block
	for _, r := range s.eligibility() {
		b, err := r.Block(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("credit: rule %s: %w", r.Code, err)
		}
		if b.Where != "" {
			blocks = append(blocks, b)
		}
	}
	return institutionStore{q}.pool(ctx, scope, blocks)
}
