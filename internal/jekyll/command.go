package jekyll

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
)

const usage = `usage: deltag import jekyll SRC [--dest DIR]

Reads the Jekyll site in SRC and writes a deltag site (site.yaml,
content/, static/, data/) to DIR, which must not exist or be empty.
DIR defaults to ./<name of SRC>-deltag. Every URL Jekyll built for a
page keeps working: as the page's URL or as a redirect to it.
What cannot be carried over is listed with file and line.

Flags:
`

// Command runs `deltag import jekyll`; args are what follows "jekyll".
// It prints the report to stdout and returns the exit code: 0 when the
// import ran (also with warnings), 1 when a problem stopped it, 2 for a
// wrong command line.
func Command(args []string, stdout, stderr io.Writer) int {
	return CommandContext(context.Background(), args, stdout, stderr)
}

// CommandContext is Command that stops when ctx is done (SIGINT, SIGTERM).
func CommandContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deltag import jekyll", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dest := fs.String("dest", "", "the deltag site to create (default ./<name of SRC>-deltag)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	// SRC may come before or after the flags.
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		args = fs.Args()
		if len(args) > 0 {
			pos = append(pos, args[0])
			args = args[1:]
		}
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "deltag import jekyll: want exactly one SRC folder")
		fs.Usage()
		return 2
	}
	src := pos[0]
	if *dest == "" {
		abs, err := filepath.Abs(src)
		if err != nil {
			fmt.Fprintf(stderr, "deltag import jekyll: %v\n", err)
			return 1
		}
		*dest = filepath.Base(abs) + "-deltag"
	}
	rep, err := ImportContext(ctx, Options{Source: src, Dest: *dest})
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "deltag import jekyll: interrupted; %s may hold part of the import: remove it before trying again\n", *dest)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "deltag import jekyll: %v\n", err)
		return 1
	}
	rep.Write(stdout)
	return 0
}
