// Package diag is deltag's one diagnostic type: a problem a user can fix,
// located by file, line and column. Every stage returns a List instead of
// stopping at the first problem; the CLI sorts and prints them once as
// "path:line:col: message".
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells whether a diagnostic fails the command.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem in one place. File is slash-separated and
// relative to the site root where possible. Line and Col are 1-based; 0
// means unknown.
type Diagnostic struct {
	Severity Severity
	File     string
	Line     int
	Col      int
	Msg      string
	Hint     string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Error makes a Diagnostic usable as an error value.
func (d Diagnostic) Error() string { return d.String() }

// Errorf builds an error diagnostic.
func Errorf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Warnf builds a warning diagnostic.
func Warnf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// List collects diagnostics. The zero value is ready to use. It is not safe
// for concurrent use: parallel stages give each goroutine its own List and
// join them in input order.
type List []Diagnostic

// Add appends one diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error diagnostic.
func (l *List) Errorf(file string, line int, format string, args ...any) {
	l.Add(Errorf(file, line, format, args...))
}

// Warnf appends a warning.
func (l *List) Warnf(file string, line int, format string, args ...any) {
	l.Add(Warnf(file, line, format, args...))
}

// Append appends all of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns only the warnings.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders by file, line, column and message, and drops exact
// duplicates, so output is the same however the work was scheduled.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Err returns the list as an error when it has errors, else nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return ListError(l.Errors().Sort())
}

// ListError is a List used as an error.
type ListError List

func (e ListError) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
