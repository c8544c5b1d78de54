package assessment

import (
	"context"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
)

// What a year's close (internal/yearclose) reads of assessments. It reads
// with its own Queryer and decides nothing here: which assessments count is
// this package's rule (finalSQL).

// Counted is an assessment a year's close counts, with its project's
// amounts (fen).
type Counted struct {
	AssessmentID  int64
	ProjectID     int64
	InstitutionID int64
	Total         int // x100
	AmountFen     int64
	FeeBudgetFen  int64
	PersonDays    int64
}

// Pending counts a province's assessments of year that are not final on
// day: disputes not settled yet.
func Pending(ctx context.Context, q db.Queryer, province string, year int, day calendar.Date) (int, error) {
	return assessmentStore{q}.pending(ctx, province, year, day)
}

// CountedIn lists a province's assessments of year that are final on day,
// by institution then project.
func CountedIn(ctx context.Context, q db.Queryer, province string, year int, day calendar.Date) ([]Counted, error) {
	return assessmentStore{q}.counted(ctx, province, year, day)
}

// LatestTotals maps every institution ever assessed (but for disputes still
// open) to the total of its latest assessment.
func LatestTotals(ctx context.Context, q db.Queryer) (map[int64]int, error) {
	list, err := assessmentStore{q}.totals(ctx)
	out := make(map[int64]int, len(list))
	for _, t := range list {
		out[t[0]] = int(t[1])
	}
	return out, err
}

// ProjectAmounts maps the projects an institution was assessed on in year
// to their amounts (fen).
func ProjectAmounts(ctx context.Context, q db.Queryer, institutionID int64, year int) (map[int64]int64, error) {
	return assessmentStore{q}.projectAmounts(ctx, institutionID, year)
}
