// Package hostiletest holds deltag's hostile-content fixtures: mini-sites
// (txtar) with symbolic links out of the site, link loops, path traversal
// in every field that names an output path, deeply nested Markdown,
// malformed front matter and typos, each run through the command line
// entry point (cli.Run) as a user would. Every case asserts the exact
// messages and that no file outside the destination changed, by listing
// the whole temporary parent folder before and after.
//
// The package has only tests.
package hostiletest
