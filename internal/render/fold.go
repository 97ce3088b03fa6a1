package render

import (
	"html/template"
	"strconv"
	"text/template/parse"
)

// foldStrings replaces every call {{T "key"}} — a UI string with a
// literal key and no arguments — by the string itself, once, when the
// layouts of a language are compiled. Layouts ask for a dozen such
// strings on every page, and each call went through reflection. The
// result is still an action, so html/template escapes it for where it
// stands exactly as it escaped the call's result. A key the language
// lacks is left as a call, so it is reported missing only when a page
// asks for it, as before.
func foldStrings(set *template.Template, lookup func(key string) (string, bool)) {
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			foldNode(t.Tree.Root, lookup)
		}
	}
}

func foldNode(n parse.Node, lookup func(string) (string, bool)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			foldNode(c, lookup)
		}
	case *parse.ActionNode:
		foldPipe(n.Pipe, lookup)
	case *parse.IfNode:
		foldBranch(&n.BranchNode, lookup)
	case *parse.RangeNode:
		foldBranch(&n.BranchNode, lookup)
	case *parse.WithNode:
		foldBranch(&n.BranchNode, lookup)
	case *parse.TemplateNode:
		foldPipe(n.Pipe, lookup)
	}
}

func foldBranch(b *parse.BranchNode, lookup func(string) (string, bool)) {
	foldPipe(b.Pipe, lookup)
	foldNode(b.List, lookup)
	foldNode(b.ElseList, lookup)
}

func foldPipe(p *parse.PipeNode, lookup func(string) (string, bool)) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		foldCommand(c, lookup)
	}
}

func foldCommand(c *parse.CommandNode, lookup func(string) (string, bool)) {
	for _, a := range c.Args {
		if sub, ok := a.(*parse.PipeNode); ok {
			foldPipe(sub, lookup)
		}
	}
	if len(c.Args) != 2 {
		return
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok || id.Ident != "T" {
		return
	}
	key, ok := c.Args[1].(*parse.StringNode)
	if !ok {
		return
	}
	s, ok := lookup(key.Text)
	if !ok {
		return
	}
	folded := *key // keeps its position, so errors keep their line
	folded.Text, folded.Quoted = s, strconv.Quote(s)
	c.Args = []parse.Node{&folded}
}
