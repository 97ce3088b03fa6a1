// Package markdown renders page bodies from Markdown to HTML with goldmark.
//
// A Converter is made once per language with New and is then shared by all
// rendering goroutines: the goldmark parser and renderer are stateless, and
// everything that belongs to one document (heading IDs, the link resolver,
// diagnostics) lives in that call's parser.Context.
//
// # Syntax
//
// CommonMark plus GitHub Flavored Markdown (tables, ~~strikethrough~~,
// bare URLs and www. links made into links, task lists "- [x]") and
// footnotes ("text[^1]" with "[^1]: note"). A heading may end in an
// attribute block: "## Title {#custom-id .class}".
//
// # Safety
//
// Unless Options.Unsafe is set, which is meant for trusted content only:
//   - raw HTML, inline or as a block, is left out (an HTML comment marks
//     the spot);
//   - a link or image to a dangerous URL (javascript:, vbscript:, file:,
//     data: other than png, gif, jpeg and webp images) gets an empty href
//     or src, so it cannot run code;
//   - heading attributes other than id and class are dropped.
//
// External links are rendered as written, without target or rel.
//
// # Heading IDs
//
// Every heading gets an id attribute, unique within the document, and is
// listed in Result.Headings in document order with its level and plain
// text. The ID is made from the heading's plain text (what a reader sees:
// no Markdown syntax, link URLs or images, typography already applied) by
// Slug:
//
//   - the text is NFC-normalised and lowercased;
//   - letters of any script, å ä ö æ ø é ü included, digits, combining marks
//     and "_" are kept as they are;
//   - white space and dashes (- – —) separate words; each run of them
//     becomes one "-", and none is left at either end;
//   - all other characters (punctuation such as & ? ! . , : ' " and symbols)
//     are dropped without leaving a separator.
//
// So "Öka trygghet & trivsel" gets "öka-trygghet-trivsel", "Vad är
// nytt 2024–2025?" gets "vad-är-nytt-2024-2025", and a heading with no
// letters or digits gets "heading". When an ID is taken, "-1", "-2", … is
// added: the second "Kontakt" becomes "kontakt-1", the third "kontakt-2".
// An explicit {#id} is used as written and is reserved before any ID is
// generated, so a generated ID never collides with it; two headings with
// the same explicit ID give a warning.
//
// # Typography
//
// With Options.Typographer, straight quotes, dashes and dots are replaced
// by typographic characters (as UTF-8 text, not HTML entities). The quotes
// depend on the primary subtag of the Converter's language ("sv-FI" counts
// as "sv"):
//
//	language     "double"   'single'   apostrophe
//	sv           ”…”        ’…’        ’
//	da           »…«        ›…‹        ’
//	all others   “…”        ‘…’        ’
//
// Swedish uses the same closing mark on both sides. In all languages "--"
// becomes an en dash (–), "---" an em dash (—) and "..." an ellipsis (…).
// "<<" and ">>" are left alone. Code spans and code blocks are never
// changed.
//
// # Links to content files
//
// A link whose destination has no URL scheme, does not start with "#" or
// "//", and whose path (the part before "?" or "#") ends in ".md" (any
// case) names a content file: "other.md", "../news/post.md#section". When
// Convert is given a Resolver, it is called with that path, percent-decoded
// and without "?query" or "#fragment", and the link is pointed at the URL it
// returns with the original "?query#fragment" appended. When the Resolver
// reports the file missing, the link is left as written and an error
// "broken link to "x.md": no such content file" is added to Result.Diags,
// at the file line of the link's text (Convert's firstLine is the line of
// the body's first line, so front matter is counted). Links are rewritten
// on the parsed document (a goldmark AST transformer), never in the HTML.
// Images are not resolved.
//
// # Summaries
//
// Summary gives the plain text of a page's first paragraph, cut to a
// length at a word boundary, without rendering the page; see Summary.
package markdown
