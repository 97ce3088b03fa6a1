package cli_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/deltag/deltag/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

// The command line as a user meets it, as testscript files in
// testdata/script: each is a site in txtar form and the commands run on
// it, with their output and exit code.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deltag": func() { os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// code N CMD ARGS… runs CMD and checks that it exits with N.
			"code": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 {
					ts.Fatalf("usage: code N command [args…]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("code: %v", err)
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%v", err)
					}
					got = ee.ExitCode()
				}
				if (got == want) == neg {
					ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
				}
			},
		},
	})
}
