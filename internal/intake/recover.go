package intake

import (
	"context"
	"flag"
	"fmt"
)

// cmdRecover moves a submission the spam defence flagged to received:
// the moderator's decision that it was a false positive.
func cmdRecover(ctx context.Context, g *globals, args []string) int {
	return stateVerb("recover", StateReceived)(ctx, g, args)
}

// stateVerb is a verb that moves one submission to state.
func stateVerb(verb, state string) func(context.Context, *globals, []string) int {
	return func(ctx context.Context, g *globals, args []string) int {
		id, st, code := oneSubmission(ctx, g, verb, args)
		if st == nil {
			return code
		}
		defer st.Close()
		if err := st.SetState(ctx, id, state, g.who()); err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
			return 1
		}
		fmt.Fprintf(g.stdout, "%s is %s\n", id, state)
		return 0
	}
}

// cmdDelete erases a submission, its personal data first.
func cmdDelete(ctx context.Context, g *globals, args []string) int {
	id, st, code := oneSubmission(ctx, g, "delete", args)
	if st == nil {
		return code
	}
	defer st.Close()
	if err := st.Delete(ctx, id); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	fmt.Fprintf(g.stdout, "%s and its personal data are deleted\n", id)
	return 0
}

// oneSubmission parses the arguments of a verb that takes one ID and no
// flags of its own, and opens the store. st is nil when the verb is done
// with code.
func oneSubmission(ctx context.Context, g *globals, verb string, args []string) (string, Store, int) {
	fl := flag.NewFlagSet(verb, flag.ContinueOnError)
	pos, code := parse(g, verb, fl, args)
	if code >= 0 {
		return "", nil, code
	}
	if len(pos) != 1 {
		return "", nil, wrongArgs(g, verb, "give one submission ID")
	}
	if err := checkID(pos[0]); err != nil {
		return "", nil, wrongArgs(g, verb, err.Error())
	}
	st, ok := openStore(ctx, g)
	if !ok {
		return "", nil, 1
	}
	return pos[0], st, 0
}
