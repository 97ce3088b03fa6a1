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
	"time"

	"github.com/deltag/deltag/internal/config"
)

const usage = `usage: deltag intake [--site DIR] [--store URL] [VERB] [ARGS]

Verbs:
  serve     run the intake server (the default)  [--addr 127.0.0.1:8081] [--public DIR]
  list      list submissions                     [--form ID] [--state STATE] [--spam]
  show      show one submission                  ID [--private]
  approve   mark a submission approved           ID
  reject    mark a submission rejected           ID
  publish   make a draft page from an approved one  ID [--lang CODE] [--force]
  export    write a form's submissions to stdout  --form ID [--format csv|json] [--sep ;] [--state STATE] [--spam]
  purge     delete personal data past retention  [--older-than 180d] [--form ID] [--dry-run]
  recover   move a false positive from spam to received   ID
  delete    erase a submission and its personal data      ID

Global flags:
  --site DIR    the site root with site.yaml (default ".")
  --store URL   where submissions are kept: a directory or file:DIR,
                postgres://…, s3://bucket/prefix?endpoint=… (default:
                $DELTAG_STORE, else intake.store in site.yaml, else
                <site>/submissions; a password goes in PGPASSWORD, keys
                in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)
  --by NAME     who moderates, kept with each change of state
                (default $DELTAG_MODERATOR, else $USER)

States: received (or spam) → approved | rejected → published.

"deltag intake VERB -h" prints a verb's flags.
`

var verbUsage = map[string]string{
	"serve":   "usage: deltag intake serve [--addr HOST:PORT] [--public DIR]\n\nRuns the intake until SIGINT or SIGTERM, then finishes requests in flight.\nIts answer pages wear the site's look: the shell the build writes at /<lang>/intake/,\nread from DIR (a built site) or else fetched from baseURL.\nWithout --addr it listens on :$PORT or :$FUNCTIONS_CUSTOMHANDLER_PORT when set\n(container platforms, Azure Functions), else on 127.0.0.1:8081.\n",
	"list":    "usage: deltag intake list [--form ID] [--state STATE] [--spam]\n\nLists submissions, oldest first: all but spam, or those in STATE (--spam: --state spam).\n",
	"approve": "usage: deltag intake approve ID\n\nMarks a received (or rejected) submission approved.\n",
	"reject":  "usage: deltag intake reject ID\n\nMarks a received (or approved) submission rejected.\n",
	"delete":  "usage: deltag intake delete ID\n\nErases a submission and its personal data (an erasure request).\n",
	"show":    "usage: deltag intake show ID [--private]\n\nShows one submission; --private adds its personal data.\n",
	"publish": "usage: deltag intake publish ID [--lang CODE] [--force]\n\nWrites an approved submission as a draft page of the type its form's publish: names,\ncontent/<lang>/<section>/<title>-<id>.md, without personal data, for review in git,\nand marks it published. --force writes the page of a published one again.\n",
	"export":  "usage: deltag intake export --form ID [--format csv|json] [--sep ;] [--state STATE] [--spam]\n\nWrites every submission of a form, personal data included, to stdout. CSV is UTF-8\nwith a byte order mark, separated by ; as Excel expects in Sweden and Denmark\n(--sep , for other locales).\n",
	"recover": "usage: deltag intake recover ID\n\nMoves a submission the spam defence flagged to received.\n",
	"purge":   "usage: deltag intake purge [--older-than 180d] [--form ID] [--dry-run]\n\nDeletes personal data older than the form's retention (or --older-than).\n",
}

// globals are the flags every verb takes.
type globals struct {
	site, store, addr, by string
	public                string // a built site folder with the answer shells
	stdout, stderr        io.Writer
}

func (g *globals) register(fl *flag.FlagSet) {
	fl.StringVar(&g.site, "site", g.site, "the site root with site.yaml")
	fl.StringVar(&g.site, "source", g.site, "same as --site")
	fl.StringVar(&g.store, "store", g.store, "where submissions are kept: DIR, file:DIR, postgres://…, s3://…")
	fl.StringVar(&g.by, "by", g.by, "who moderates")
}

// openStore opens --store, else $DELTAG_STORE, else intake.store of
// site.yaml (a relative directory there is relative to the site), else
// <site>/submissions.
func openStore(ctx context.Context, g *globals) (Store, bool) {
	spec := g.store
	if spec == "" {
		spec = os.Getenv("DELTAG_STORE")
	}
	if spec == "" {
		spec = filepath.Join(g.site, "submissions")
		if _, err := os.Stat(filepath.Join(g.site, config.File)); err == nil {
			c, ok := loadConfig(g)
			if !ok {
				return nil, false
			}
			if s := c.Intake.Store; s != "" {
				spec = s
				if p, ok := strings.CutPrefix(s, "file:"); ok && !filepath.IsAbs(p) && !strings.HasPrefix(p, "//") {
					spec = filepath.Join(g.site, p)
				} else if !strings.Contains(s, ":") && !filepath.IsAbs(s) {
					spec = filepath.Join(g.site, s)
				}
			}
		}
	}
	st, err := Open(ctx, spec)
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: store %s: %v\n", redact(spec), err)
		return nil, false
	}
	return st, true
}

// who is the name kept with a change of state.
func (g *globals) who() string {
	for _, s := range []string{g.by, os.Getenv("DELTAG_MODERATOR"), os.Getenv("USER")} {
		if s != "" {
			return terminalSafe(s, 64)
		}
	}
	return "unknown"
}

// Command runs `deltag intake ARGS` (args are what follows "intake"). It
// returns the exit code: 0 ok, 1 failure, 2 wrong command line.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globals{site: ".", addr: defaultAddr(), stdout: stdout, stderr: stderr}
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
	case "approve":
		run = stateVerb("approve", StateApproved)
	case "reject":
		run = stateVerb("reject", StateRejected)
	case "delete":
		run = cmdDelete
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
	fl.StringVar(&g.public, "public", "", "read the answer pages' site shell from this built site folder (default: fetch it from baseURL)")
	pos, code := parse(g, "serve", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return wrongArgs(g, "serve", "unexpected "+strings.Join(pos, " "))
	}
	h, store, err := setup(ctx, g)
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	defer store.Close()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = Serve(ctx, g.addr, h, g.stderr)
	drain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	h.Close(drain) // mails still queued get 10 s
	cancel()
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	return 0
}

// defaultAddr is where serve listens: 127.0.0.1:8081, or all interfaces
// on the port a container platform gives in PORT (Cloud Run, Scaleway,
// Fly) or FUNCTIONS_CUSTOMHANDLER_PORT (Azure Functions). --addr wins.
func defaultAddr() string {
	for _, env := range []string{"FUNCTIONS_CUSTOMHANDLER_PORT", "PORT"} {
		if p := os.Getenv(env); p != "" {
			return ":" + p
		}
	}
	return "127.0.0.1:8081"
}

// Setup reads the site's config and opens its store (storeURL, else
// intake.store, else <site>/submissions), and returns the intake's
// handler: what `deltag intake serve` runs and what cmd/deltag-lambda
// adapts to AWS Lambda. Diagnostics of site.yaml go to diag. Close the
// store when done.
//
// The intake's answer pages (errors, a form to correct) are served in the
// site's own look: the shell the build writes at <baseURL><lang>/intake/
// is fetched from the site (or read from DELTAG_PUBLIC, a built site
// folder).
func Setup(ctx context.Context, site, storeURL string, diag io.Writer) (*Handler, Store, error) {
	return setup(ctx, &globals{site: site, store: storeURL, public: os.Getenv("DELTAG_PUBLIC"), stdout: io.Discard, stderr: diag})
}

func setup(ctx context.Context, g *globals) (*Handler, Store, error) {
	site, diag := g.site, g.stderr
	c, ok := loadConfig(g)
	if !ok {
		return nil, nil, fmt.Errorf("%s has errors", filepath.Join(site, config.File))
	}
	if len(c.Forms) == 0 {
		return nil, nil, fmt.Errorf("%s declares no forms", filepath.Join(site, config.File))
	}
	store, ok := openStore(ctx, g)
	if !ok {
		return nil, nil, errors.New("no store")
	}
	opt := Options{Log: slog.New(slog.NewTextHandler(diag, nil))}
	switch {
	case g.public != "":
		opt.Shell = ShellFromDir(g.public)
	case originOf(c.BaseURL) != "":
		opt.Shell = shellFromSite(c.BaseURL)
	}
	h, err := New(c, store, opt)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return h, store, nil
}
