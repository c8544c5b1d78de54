package policy

import "testing"

func TestShownUnits(t *testing.T) {
	for _, c := range []struct {
		unit   Unit
		stored int64
		shown  string
	}{
		{Fen, 150000, "1500"}, {Fen, 150050, "1500.5"}, {Score100, 9000, "90"}, {Score100, 8550, "85.5"},
		{Bytes, 20 << 20, "20"}, {Months, 12, "12"}, {Percent, 0, "0"},
	} {
		if got := c.unit.Show(c.stored); got != c.shown {
			t.Errorf("%s %d shows %q, want %q", c.unit, c.stored, got, c.shown)
		}
		if got, ok := c.unit.Parse(c.shown); !ok || got != c.stored {
			t.Errorf("%s %q parses to %d %v, want %d", c.unit, c.shown, got, ok, c.stored)
		}
	}
	for _, c := range []struct {
		unit  Unit
		shown string
		want  int64
		ok    bool
	}{
		{Fen, "1,500.25", 150025, true}, {Fen, "1500.255", 0, false}, {Months, "1.5", 0, false}, {Months, "十二", 0, false},
		{Months, "", 0, false}, {Percent, "1e2", 0, false}, {Bytes, "0.5", 1 << 19, true}, {Workdays, " 5 ", 5, true},
	} {
		if got, ok := c.unit.Parse(c.shown); ok != c.ok || got != c.want {
			t.Errorf("%s %q parses to %d %v, want %d %v", c.unit, c.shown, got, ok, c.want, c.ok)
		}
	}
}
