// Command deltag builds bilingual participation portals from Markdown.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/deltag/deltag/internal/cli"
)

func main() {
	// DELTAG_CPUPROFILE=FILE writes a CPU profile, for work on speed.
	if f := os.Getenv("DELTAG_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err == nil && pprof.StartCPUProfile(out) == nil {
			defer pprof.StopCPUProfile()
		} else {
			fmt.Fprintln(os.Stderr, "deltag: cannot write CPU profile:", err)
		}
	}
	// The first SIGINT or SIGTERM cancels ctx: every long command (build,
	// check, serve, import, intake serve) stops cleanly. A second one
	// kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
