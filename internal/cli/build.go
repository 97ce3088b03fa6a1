package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

func runBuild(ctx context.Context, env *Env, args []string) int {
	fs := newFlags("build", "", env)
	o := build.Options{Extensions: features.All()}
	var minify, noMinify, quiet bool
	var now string
	fs.StringVar(&o.Source, "source", ".", "the site's root `folder`")
	fs.StringVar(&o.Dest, "dest", "", "write the site into this `folder` (default <source>/public)")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&o.Future, "future", false, "include pages dated in the future")
	fs.BoolVar(&o.Expired, "expired", false, "include pages past their expiryDate")
	fs.StringVar(&o.BaseURL, "base-url", "", "override site.yaml's baseURL (e.g. for a preview host)")
	fs.BoolVar(&minify, "minify", false, "minify HTML, CSS, JS, SVG and XML (overrides site.yaml)")
	fs.BoolVar(&noMinify, "no-minify", false, "do not minify (overrides site.yaml)")
	fs.BoolVar(&quiet, "quiet", false, "print only problems")
	fs.StringVar(&now, "now", "", "build as if it were this `time` (RFC 3339 or YYYY-MM-DD), for reproducible builds")
	if code, done := fs.parse(args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "deltag build: unexpected argument %q (use --source DIR)\n", fs.Arg(0))
		return ExitUsage
	}
	if minify && noMinify {
		fmt.Fprintln(env.Stderr, "deltag build: --minify and --no-minify contradict each other")
		return ExitUsage
	}
	if minify || noMinify {
		o.Minify = &minify
	}
	if now != "" {
		t, err := parseNow(now)
		if err != nil {
			fmt.Fprintf(env.Stderr, "deltag build: --now: %v\n", err)
			return ExitUsage
		}
		o.Now = t
	}
	o.TuneGC = os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	res, diags := build.Build(ctx, o)
	n, _ := printDiags(env.Stderr, diags)
	if diags.HasErrors() {
		fmt.Fprintf(env.Stderr, "deltag build: %s; nothing was written\n", plural(n, "1 error", "%d errors"))
		return ExitError
	}
	if !quiet {
		summary(env.Stdout, res)
	}
	return ExitOK
}

func parseNow(s string) (time.Time, error) {
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (use 2026-11-23 or 2026-11-23T12:00:00+01:00)", s)
}

// summary prints the table of what was written.
func summary(w io.Writer, res *build.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tpages\tlists\tfeeds\taliases\t")
	var t build.Stats
	for _, s := range res.Langs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", s.Lang, s.Pages, s.Lists, s.Feeds, s.Aliases)
		t.Pages += s.Pages
		t.Lists += s.Lists
		t.Feeds += s.Feeds
		t.Aliases += s.Aliases
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\n", t.Pages, t.Lists, t.Feeds, t.Aliases)
	tw.Flush()
	fmt.Fprintf(w, "static files: %d · files written: %d · built in %d ms\n", res.Static, res.Files, res.Duration.Milliseconds())
	if len(res.MissingStrings) > 0 {
		fmt.Fprintf(w, "missing UI strings (add them to i18n/<lang>.yaml):\n")
		for _, m := range res.MissingStrings {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
}
