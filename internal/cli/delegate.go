package cli

import (
	"context"
	"fmt"

	"github.com/deltag/deltag/internal/intake"
	"github.com/deltag/deltag/internal/jekyll"
)

// runIntake runs the form intake and its moderation commands.
func runIntake(ctx context.Context, env *Env, args []string) int {
	return intake.Command(ctx, args, env.Stdout, env.Stderr)
}

// runImport moves a site from another generator over.
func runImport(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		w := env.Stderr
		code := ExitUsage
		if len(args) > 0 {
			w, code = env.Stdout, ExitOK
		}
		fmt.Fprintln(w, "Usage: deltag import jekyll SRC [--dest DIR]\n\nImports a Jekyll site: content, static files and a site.yaml; every URL Jekyll produced keeps working.")
		return code
	}
	switch args[0] {
	case "jekyll":
		return jekyll.CommandContext(ctx, args[1:], env.Stdout, env.Stderr)
	}
	fmt.Fprintf(env.Stderr, "deltag import: unknown source %q (known: jekyll)\n", args[0])
	return ExitUsage
}
