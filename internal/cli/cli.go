// Package cli is deltag's command line: it parses arguments, runs a
// command and turns its diagnostics into output and an exit code (0 ok,
// 1 the site has errors, 2 the command line is wrong).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Version is set at link time (-ldflags "-X .../cli.Version=v1.2.3").
var Version = ""

type command struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) int
}

// Env is what a command may touch: its output streams and a clock.
type Env struct {
	Stdout, Stderr io.Writer
	Now            func() time.Time
}

func commands() []command {
	return []command{
		{"build", "build the site into public/", runBuild},
		{"check", "check links, alt texts, translations, privacy, page weight and the accessibility statement", runCheck},
		{"serve", "serve the site and rebuild on every change", runServe},
		{"intake", "run the form intake server, or moderate submissions", runIntake},
		{"import", "import a site from another generator (jekyll)", runImport},
		{"version", "print the version", runVersion},
		{"help", "show help for a command", runHelp},
	}
}

// Run runs deltag with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	env := &Env{Stdout: stdout, Stderr: stderr, Now: time.Now}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return ExitOK
	}
	if name == "--version" {
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, env, args[1:])
		}
	}
	for _, c := range extraCommands {
		if c.name == name {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(stderr, "deltag: unknown command %q\n\n", name)
	usage(stderr)
	return ExitUsage
}

// extraCommands are registered by the files that implement them.
var extraCommands []command

func usage(w io.Writer) {
	fmt.Fprintf(w, "deltag builds bilingual participation portals from Markdown.\n\nUsage:\n  deltag <command> [flags]\n\nCommands:\n")
	for _, c := range append(commands(), extraCommands...) {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"deltag help <command>\" or \"deltag <command> -h\" for its flags.\n")
}

func runHelp(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stdout)
		return ExitOK
	}
	return Run(ctx, []string{args[0], "-h"}, env.Stdout, env.Stderr)
}

func runVersion(ctx context.Context, env *Env, args []string) int {
	fs := newFlags("version", "", env)
	if code, done := fs.parse(args); done {
		return code
	}
	fmt.Fprintf(env.Stdout, "deltag %s\n", version())
	return ExitOK
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "devel-" + s.Value[:12]
			}
		}
	}
	return "devel"
}

// flagSet is a flag.FlagSet whose -h prints usage to stdout.
type flagSet struct {
	*flag.FlagSet
	env *Env
}

func newFlags(name, args string, env *Env) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: deltag %s [flags] %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return &flagSet{fs, env}
}

// parse parses flags; done is true when the command should stop with
// code: 0 after -h, 2 after a wrong flag.
func (fs *flagSet) parse(args []string) (code int, done bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(fs.env.Stdout)
		}
	}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK, true
	}
	if err != nil {
		return ExitUsage, true
	}
	return 0, false
}

// printDiags prints diagnostics sorted, errors and warnings alike, each
// once, and returns how many of each it printed: the counts a summary
// line gives must match what the reader sees.
func printDiags(w io.Writer, diags diag.List) (errs, warns int) {
	for _, d := range diags.Sort() {
		fmt.Fprintln(w, d.String())
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return strings.ReplaceAll(many, "%d", fmt.Sprint(n))
}
