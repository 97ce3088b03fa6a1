// Package sitetest writes test sites: whole mini-sites written as one
// txtar string (the way Go and Hugo write their integration tests), in a
// temporary folder or in memory, and copies of the example portal. Every
// package that builds a site in its tests uses it, so the fixtures read
// the same everywhere.
//
//	dir := sitetest.Write(t, base, `
//	-- content/sv/about.md --
//	---
//	title: Om
//	---
//	`)
package sitetest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Write writes the files of the txtar archives into a new temporary
// folder and returns it; a later archive's file replaces an earlier one
// of the same name (a fixture over a base site).
func Write(t testing.TB, archives ...string) string {
	t.Helper()
	dir := t.TempDir()
	WriteInto(t, dir, archives...)
	return dir
}

// WriteInto writes the files of the archives into dir.
func WriteInto(t testing.TB, dir string, archives ...string) {
	t.Helper()
	for _, a := range archives {
		for _, f := range txtar.Parse([]byte(a)).Files {
			WriteFile(t, dir, f.Name, string(f.Data))
		}
	}
}

// WriteFile writes one file (a slash path below dir), making its folders.
func WriteFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FS is the archives as an in-memory file system, for build.Options.FS.
func FS(archives ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, a := range archives {
		for _, f := range txtar.Parse([]byte(a)).Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	return m
}

// Root is the repository's root folder (where site.yaml of the example
// portal is).
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Theme copies the project's theme (themes/deltag) into dir.
func Theme(t testing.TB, dir string) {
	t.Helper()
	copyDir(t, filepath.Join(Root(), "themes", "deltag"), filepath.Join(dir, "themes", "deltag"))
}

// Portal copies the example portal (site.yaml, content, themes, static,
// and layouts and data when present) into a new temporary folder.
func Portal(t testing.TB) string {
	t.Helper()
	root := Root()
	dir := t.TempDir()
	for _, name := range []string{"content", "themes", "static", "layouts", "data"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			copyDir(t, filepath.Join(root, name), filepath.Join(dir, name))
		}
	}
	b, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	WriteFile(t, dir, "site.yaml", string(b))
	return dir
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
