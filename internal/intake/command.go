package intake

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/deltag/deltag/internal/config"
)

const usage = `usage: deltag intake [--site DIR] [--store DIR] [VERB] [ARGS]

Verbs:
  serve     run the intake server (the default)  [--addr 127.0.0.1:8081]
  list      list submissions                     [--form ID] [--spam]
  show      show one submission                  ID [--private]
  publish   make a draft content page from one   ID [--lang CODE] [--force]
  export    write a form's submissions to stdout  --form ID [--format csv|json] [--spam]
  purge     delete personal data past retention  [--older-than 180d] [--form ID] [--dry-run]
  recover   move a false positive from spam/ to the inbox   ID

Global flags:
  --site DIR    the site root with site.yaml (default ".")
  --store DIR   where submissions are kept (default <site>/submissions)

"deltag intake VERB -h" prints a verb's flags.
`

var verbUsage = map[string]string{
	"serve":   "usage: deltag intake serve [--addr HOST:PORT]\n\nRuns the intake until SIGINT or SIGTERM, then finishes requests in flight.\n",
	"list":    "usage: deltag intake list [--form ID] [--spam]\n\nLists submissions in the inbox (or in spam/), oldest first.\n",
	"show":    "usage: deltag intake show ID [--private]\n\nShows one submission; --private adds its personal data.\n",
	"publish": "usage: deltag intake publish ID [--lang CODE] [--force]\n\nWrites content/<lang>/<section>/<form>-<id>.md, a draft page without personal data,\nfor review in git. --force replaces an existing draft.\n",
	"export":  "usage: deltag intake export --form ID [--format csv|json] [--spam]\n\nWrites every submission of a form, personal data included, to stdout.\n",
	"recover": "usage: deltag intake recover ID\n\nMoves a submission the spam defence flagged back into the inbox.\n",
	"purge":   "usage: deltag intake purge [--older-than 180d] [--form ID] [--dry-run]\n\nDeletes personal data older than the form's retention (or --older-than).\n",
}

// globals are the flags every verb takes.
type globals struct {
	site, store, addr string
	stdout, stderr    io.Writer
}

func (g *globals) register(fl *flag.FlagSet) {
	fl.StringVar(&g.site, "site", g.site, "the site root with site.yaml")
	fl.StringVar(&g.site, "source", g.site, "same as --site")
	fl.StringVar(&g.store, "store", g.store, "where submissions are kept (default <site>/submissions)")
}

// Command runs `deltag intake ARGS` (args are what follows "intake"). It
// returns the exit code: 0 ok, 1 failure, 2 wrong command line.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globals{site: ".", addr: "127.0.0.1:8081", stdout: stdout, stderr: stderr}
	fl := flag.NewFlagSet("deltag intake", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	g.register(fl)
	fl.StringVar(&g.addr, "addr", g.addr, "address to listen on")
	if err := fl.Parse(args); err != nil {
		return usageError(err, usage, stdout, stderr)
	}
	rest := fl.Args()
	verb := "serve"
	if len(rest) > 0 {
		verb, rest = rest[0], rest[1:]
	}
	var run func(context.Context, *globals, []string) int
	switch verb {
	case "serve":
		run = cmdServe
	case "list":
		run = cmdList
	case "show":
		run = cmdShow
	case "publish":
		run = cmdPublish
	case "export":
		run = cmdExport
	case "purge":
		run = cmdPurge
	case "recover":
		run = cmdRecover
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "deltag intake: unknown verb %q\n\n%s", verb, usage)
		return 2
	}
	return run(ctx, g, rest)
}

// parse parses a verb's flags, allowing them before and after positional
// arguments, and returns the positional ones. code is -1 to go on.
func parse(g *globals, verb string, fl *flag.FlagSet, args []string) (pos []string, code int) {
	fl.SetOutput(io.Discard)
	g.register(fl)
	for {
		if err := fl.Parse(args); err != nil {
			return nil, usageError(err, verbUsage[verb], g.stdout, g.stderr)
		}
		args = fl.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if g.store == "" {
		g.store = filepath.Join(g.site, "submissions")
	}
	return pos, -1
}

func usageError(err error, text string, stdout, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, text)
		return 0
	}
	fmt.Fprintf(stderr, "deltag intake: %v\n\n%s", err, text)
	return 2
}

func wrongArgs(g *globals, verb, msg string) int {
	fmt.Fprintf(g.stderr, "deltag intake %s: %s\n\n%s", verb, msg, verbUsage[verb])
	return 2
}

// loadConfig reads site.yaml and points the forms at the intake.
func loadConfig(g *globals) (*config.Config, bool) {
	c, diags := config.Load(os.DirFS(g.site))
	for _, d := range diags.Sort() {
		if d.File != "" && !filepath.IsAbs(d.File) {
			d.File = filepath.Join(g.site, d.File)
		}
		fmt.Fprintln(g.stderr, d)
	}
	if c == nil || diags.HasErrors() {
		return nil, false
	}
	c.Intake.Bind(c.Forms)
	return c, true
}

func cmdServe(ctx context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.StringVar(&g.addr, "addr", g.addr, "address to listen on")
	pos, code := parse(g, "serve", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return wrongArgs(g, "serve", "unexpected "+strings.Join(pos, " "))
	}
	c, ok := loadConfig(g)
	if !ok {
		return 1
	}
	if len(c.Forms) == 0 {
		fmt.Fprintf(g.stderr, "deltag intake: %s declares no forms:\n", filepath.Join(g.site, config.File))
		return 1
	}
	store, err := OpenStore(g.store)
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	defer store.Close()
	h, err := New(c, store, Options{Log: slog.New(slog.NewTextHandler(g.stderr, nil))})
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Serve(ctx, g.addr, h, g.stderr); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	return 0
}
