package credit

import (
	"context"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// monthsWindow is one severity's publication window in months.
type monthsWindow struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// window is a record's publication window and earliest repair date, given
// the day it takes effect: bad records by severity (credit.publication_months:
// max is the end of publication, min the earliest repair), commendations for
// credit.good_publication_months. A zero publishUntil means "not published".
func window(ctx context.Context, q db.Queryer, regionCode, kind, severity string, effective calendar.Date) (publishUntil, repairEarliest calendar.Date, err error) {
	if kind == KindGood {
		n, err := policy.Int(ctx, q, regionCode, "credit.good_publication_months", effective)
		if err != nil || n <= 0 {
			return calendar.Date{}, calendar.Date{}, err
		}
		return addMonths(effective, n).AddDays(-1), calendar.Date{}, nil
	}
	var m map[string]monthsWindow
	if err := policy.Get(ctx, q, regionCode, "credit.publication_months", effective, &m); err != nil {
		return calendar.Date{}, calendar.Date{}, err
	}
	w := m[severity]
	repairEarliest = addMonths(effective, w.Min)
	if w.Max > 0 {
		publishUntil = addMonths(effective, w.Max).AddDays(-1)
	}
	return publishUntil, repairEarliest, nil
}

// addMonths moves d by n months, keeping the day but clamping it to the
// month's end (31 January + 1 month = 28 or 29 February), as people count
// "three months from 31 May".
func addMonths(d calendar.Date, n int) calendar.Date {
	first := time.Date(d.Y, d.M+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calendar.Date{Y: first.Year(), M: first.Month(), D: min(d.D, last)}
}

// addYears is addMonths by whole years.
func addYears(d calendar.Date, n int) calendar.Date { return addMonths(d, 12*n) }

// objectionDeadline is the last day an institution may object to a record
// proposed on day: the policy's number of working days later.
func (s *Service) objectionDeadline(ctx context.Context, q db.Queryer, regionCode string, day calendar.Date) (calendar.Date, error) {
	n, err := policy.Int(ctx, q, regionCode, "credit.objection_window_workdays", day)
	if err != nil {
		return calendar.Date{}, err
	}
	return s.cal().AddWorkdays(day, n), nil
}
