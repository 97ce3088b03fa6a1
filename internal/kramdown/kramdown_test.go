package kramdown

import "testing"

// kramdown reads lines that start with a pipe as a table even without a
// header separator; goldmark needs one and showed the pipes as text (a
// real branch page's committee list). Such a table is written as
// kramdown writes it; a table with a separator row is left to goldmark.
func TestKramdownHeaderlessTable(t *testing.T) {
	in := "### Committee\n\n| Bridget | secretary |\n| Diego | co-chair (d@x.org, 815-621) |\n|JP|treasurer & more|\n\nAfter.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n| code | kept |\n```\n"
	got := string(Rewrite([]byte(in)))
	want := "### Committee\n\n<table>\n<tbody>\n<tr>\n<td>Bridget</td>\n<td>secretary</td>\n</tr>\n<tr>\n<td>Diego</td>\n<td>co-chair (d@x.org, 815-621)</td>\n</tr>\n<tr>\n<td>JP</td>\n<td>treasurer &amp; more</td>\n</tr>\n</tbody>\n</table>\n\nAfter.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n| code | kept |\n```\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Cells with Markdown in them are left as they were.
	md := "| **a** | b |\n"
	if got := string(Rewrite([]byte(md))); got != md {
		t.Errorf("got %q, want it unchanged", got)
	}
}
