// Package cli is the evalcred command: demo, serve, migrate, version, user
// add, and the verification commands. Each subcommand parses its own flags;
// configuration errors are reported with the setting's name before anything
// starts.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"evalcred/internal/app"
	"evalcred/internal/logging"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what a subcommand sees of the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, env *Env, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// ErrUsage is returned for a wrong command line; the caller exits with 2.
var ErrUsage = errors.New("usage")

// Main runs the command line and returns the exit code.
func Main(args []string) int {
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := Run(ctx, env, args)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage), errors.Is(err, flag.ErrHelp):
		return 2
	default:
		fmt.Fprintln(env.Stderr, "evalcred:", err)
		return 1
	}
}

// Run runs one subcommand.
func Run(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		usage(env.Stderr)
		return ErrUsage
	}
	name, rest := args[0], args[1:]
	// Two-word commands: "user add", "ledger verify", "draw verify".
	if len(rest) > 0 {
		if _, ok := commands[name+" "+rest[0]]; ok {
			name, rest = name+" "+rest[0], rest[1:]
		}
	}
	c, ok := commands[name]
	if !ok {
		if name == "help" || name == "-h" || name == "--help" {
			usage(env.Stdout)
			return nil
		}
		fmt.Fprintf(env.Stderr, "evalcred: unknown command %q\n", name)
		usage(env.Stderr)
		return ErrUsage
	}
	return c.run(ctx, env, rest)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: evalcred COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'evalcred COMMAND -h' for a command's flags.")
}

// config loads the configuration for a subcommand: defaults, environment,
// then the subcommand's flags; it then validates and sets up logging.
func config(env *Env, name string, args []string, withAddr bool, def func(*app.Config), extra func(*flag.FlagSet)) (app.Config, *flag.FlagSet, error) {
	cfg := app.Defaults()
	if def != nil {
		def(&cfg)
	}
	if err := cfg.FromEnv(env.Getenv); err != nil {
		return cfg, nil, fmt.Errorf("configuration: %w", err)
	}
	fs := flag.NewFlagSet("evalcred "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.Flags(fs, withAddr)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, fmt.Errorf("configuration: %w", err)
	}
	setupLogging(env, cfg)
	return cfg, fs, nil
}

func setupLogging(env *Env, cfg app.Config) {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	slog.SetDefault(logging.New(env.Stderr, cfg.LogFormat, lvl))
}
