package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/deltag/deltag/internal/a11y"
	"github.com/deltag/deltag/internal/check"
	"github.com/deltag/deltag/internal/features"
)

// runCheck is `deltag check`: what a reader of the built site would meet
// (see package check). Exit 0 when there are no errors, 1 when there are,
// 2 for a wrong command line; warnings and the missing translations are
// listed either way.
func runCheck(ctx context.Context, env *Env, args []string) int {
	fs := newFlags("check", "", env)
	o := check.Options{Extensions: features.All()}
	var now string
	fs.StringVar(&o.Source, "source", ".", "the site's root `folder`")
	fs.StringVar(&o.Dest, "dest", "", "check this already built `folder` instead of building the site")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&o.Future, "future", false, "include pages dated in the future")
	fs.StringVar(&now, "now", "", "check as if it were this `time` (RFC 3339 or YYYY-MM-DD)")
	if code, done := fs.parse(args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "deltag check: unexpected argument %q (use --source DIR)\n", fs.Arg(0))
		return ExitUsage
	}
	if now != "" {
		t, err := parseNow(now)
		if err != nil {
			fmt.Fprintf(env.Stderr, "deltag check: --now: %v\n", err)
			return ExitUsage
		}
		o.Now = t
	}
	rep := check.Run(ctx, o)
	errs, warns := printDiags(env.Stderr, rep.Diags)
	missingTable(env.Stdout, rep)
	if rep.Pages > 0 {
		fmt.Fprintf(env.Stdout, "checked %s; heaviest %s at %s (budget %s)\n",
			plural(rep.Pages, "1 page", "%d pages"), rep.Heaviest, a11y.FormatSize(rep.Weight), a11y.FormatSize(rep.Budget))
		if rep.Built {
			fmt.Fprintln(env.Stdout, "(lines of public/… refer to the output of deltag build --no-minify)")
		}
	}
	if errs > 0 {
		fmt.Fprintf(env.Stderr, "deltag check: %s, %s\n", plural(errs, "1 error", "%d errors"), plural(warns, "1 warning", "%d warnings"))
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "deltag check: no errors, %s\n", plural(warns, "1 warning", "%d warnings"))
	return ExitOK
}

// missingTable prints, per language, the pages that lack a translation
// into it.
func missingTable(w io.Writer, rep *check.Report) {
	for _, m := range rep.Missing {
		if len(m.Pages) == 0 {
			continue
		}
		fmt.Fprintf(w, "missing translations into %s (%s):\n", m.Lang, plural(len(m.Pages), "1 page", "%d pages"))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  lang\tpage\tfile\t")
		for _, p := range m.Pages {
			file := p.File
			if file == "" {
				file = "(" + p.Kind + " list)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", p.L.Code, p.Path, file)
		}
		tw.Flush()
	}
}
