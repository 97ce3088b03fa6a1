package cli

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/serve"
)

func runServe(ctx context.Context, env *Env, args []string) int {
	fs := newFlags("serve", "", env)
	o := build.Options{Extensions: features.All()}
	var addr string
	var open bool
	fs.StringVar(&o.Source, "source", ".", "the site's root `folder`")
	fs.StringVar(&addr, "addr", "127.0.0.1:1313", "listen on this `address`")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages with draft: true (marked as drafts)")
	fs.BoolVar(&o.Future, "future", false, "include pages dated in the future")
	fs.BoolVar(&o.Expired, "expired", false, "include pages past their expiryDate")
	fs.BoolVar(&open, "open", false, "open the site in the browser")
	fs.StringVar(&o.Dest, "dest", "", "keep the served build in this `folder` (default: a temporary one)")
	if code, done := fs.parse(args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "deltag serve: unexpected argument %q (use --source DIR)\n", fs.Arg(0))
		return ExitUsage
	}
	err := serve.Run(ctx, o, addr, env.Stdout, func(url string) {
		if open {
			openBrowser(url)
		}
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "deltag serve: %v\n", err)
		return ExitError
	}
	return ExitOK
}

func openBrowser(url string) {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	}
	_ = exec.Command(name, url).Start()
}
