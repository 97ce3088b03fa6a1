package intake

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// cmdRecover moves a submission the spam defence flagged back into the
// inbox: the moderator's decision that it was a false positive. The
// inbox copy is written and synced before the spam copy is removed, so a
// crash in between leaves the submission in both places, never in none;
// Find prefers the inbox, and running recover again tidies the spam copy.
func cmdRecover(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("recover", flag.ContinueOnError)
	pos, code := parse(g, "recover", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return wrongArgs(g, "recover", "give one submission ID")
	}
	if !IDPattern.MatchString(pos[0]) {
		return wrongArgs(g, "recover", fmt.Sprintf("%q is not a submission id (like 20261123T124501Z-1a2b3c4d)", pos[0]))
	}
	r, err := Find(g.store, pos[0])
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	spamPath := filepath.Join(g.store, r.Form, spamDir, r.ID+".md")
	inboxPath := filepath.Join(g.store, r.Form, inboxDir, r.ID+".md")
	if r.Path == inboxPath {
		if _, err := os.Lstat(spamPath); err == nil {
			// A recover that stopped half-way: the inbox copy is complete.
			if err := os.Remove(spamPath); err != nil {
				fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
				return 1
			}
			syncDir(filepath.Dir(spamPath))
			fmt.Fprintf(g.stdout, "%s is in the inbox (removed its leftover copy in spam/)\n", r.ID)
			return 0
		}
		fmt.Fprintf(g.stderr, "deltag intake: %s is already in the inbox\n", r.ID)
		return 1
	}
	data, err := markdown(&Submission{Form: r.Form, Lang: r.Lang, Fields: r.Fields, ID: r.ID, Received: r.Received})
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	tmp := inboxPath + ".tmp"
	os.Remove(tmp)
	if err := writeSynced(tmp, data, 0o640); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	if err := os.Rename(tmp, inboxPath); err != nil {
		os.Remove(tmp)
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	if err := syncDir(filepath.Dir(inboxPath)); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	if err := os.Remove(spamPath); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %s is in the inbox, but its copy in spam/ stays: %v\n", r.ID, err)
		return 1
	}
	syncDir(filepath.Dir(spamPath))
	fmt.Fprintf(g.stdout, "%s moved from spam/ to the inbox\n", r.ID)
	return 0
}
