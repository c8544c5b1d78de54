package cli

import (
	"context"
	"flag"
	"fmt"

	"evalcred/internal/app"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/gen"
)

func init() {
	register("gen", "fill an empty database with a generated national data set (load tests)", runGen)
}

// runGen is `evalcred gen -db DSN -institutions N -seed S`: it migrates the
// database, generates into it (refusing one that already holds
// institutions) and prints what it wrote and how long each part took.
func runGen(ctx context.Context, env *Env, args []string) error {
	o := gen.Defaults()
	var today string
	cfg, _, err := config(env, "gen", args, false, nil, func(fs *flag.FlagSet) {
		fs.IntVar(&o.Institutions, "institutions", o.Institutions, "institutions in the country (the hot county's included)")
		fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed: the same seed and -today give the same data set")
		fs.StringVar(&o.HotRegion, "hot-region", o.HotRegion, "county code of the hot region")
		fs.IntVar(&o.HotCount, "hot-count", o.HotCount, "institutions in the hot region, each with a filing waiting at level 1")
		fs.IntVar(&o.Backlog, "backlog", o.Backlog, "extra institutions in the hot region's province, each waiting at level 2")
		fs.IntVar(&o.Versions, "versions", o.Versions, "mean filing versions per institution that has filed")
		fs.IntVar(&o.People, "people", o.People, "people per institution")
		fs.Float64Var(&o.RecordsPer, "records", o.RecordsPer, "credit records per institution")
		fs.StringVar(&today, "today", "", "the date the data set is anchored on, YYYY-MM-DD (default today)")
	})
	if err != nil {
		return err
	}
	if today != "" {
		if o.Today, err = calendar.ParseDate(today); err != nil {
			return fmt.Errorf("today %q: want YYYY-MM-DD", today)
		}
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	st, err := gen.Run(ctx, a.Services, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "generated %d institutions, %d persons, %d roles, %d filing versions, %d review tasks, %d credit records, %d sanctions in %v\n",
		st.Institutions, st.Persons, st.Roles, st.Versions, st.Tasks, st.Records, st.Sanctions, st.Total.Round(1e6))
	for _, p := range st.Phases {
		fmt.Fprintf(env.Stdout, "  %-14s %v\n", p.Name, p.Took.Round(1e6))
	}
	return nil
}
