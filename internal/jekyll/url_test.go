package jekyll

import (
	"testing"
	"time"
)

// The cases follow the Jekyll docs (jekyllrb.com/docs/permalinks/ and
// /docs/collections/) and were checked against Jekyll 4.3.
func TestURL(t *testing.T) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2009, 4, 29, 10, 0, 0, 0, stockholm)
	post := func(rel string, cats ...string) URLSource {
		return URLSource{Kind: KindPost, Path: rel, CollectionDir: "_posts", Collection: "posts", Categories: cats, Date: date}
	}
	tests := []struct {
		name  string
		rules URLRules
		src   URLSource
		want  string
	}{
		// Built-in styles, on the docs' example post.
		{"date", URLRules{}, post("_posts/2009-04-29-slap-chop.md", "food"), "/food/2009/04/29/slap-chop.html"},
		{"date explicit", URLRules{Permalink: "date"}, post("_posts/2009-04-29-slap-chop.md"), "/2009/04/29/slap-chop.html"},
		{"pretty", URLRules{Permalink: "pretty"}, post("_posts/2009-04-29-slap-chop.md", "food"), "/food/2009/04/29/slap-chop/"},
		{"ordinal", URLRules{Permalink: "ordinal"}, post("_posts/2009-04-29-slap-chop.md"), "/2009/119/slap-chop.html"},
		{"weekdate", URLRules{Permalink: "weekdate"}, post("_posts/2009-04-29-slap-chop.md"), "/2009/W18/Wed/slap-chop.html"},
		{"none", URLRules{Permalink: "none"}, post("_posts/2009-04-29-slap-chop.md", "food"), "/food/slap-chop.html"},
		// Templates.
		{"template title", URLRules{Permalink: "/blog/:year/:title/"}, post("_posts/2009-04-29-slap-chop.md"), "/blog/2009/slap-chop/"},
		{"categories lowercased, several", URLRules{Permalink: "/:categories/:title/"}, post("_posts/2009-04-29-x.md", "Food", "Kitchen Tools"), "/food/kitchen tools/x/"},
		{"slugified categories", URLRules{Permalink: "/:slugified_categories/:title/"}, post("_posts/2009-04-29-x.md", "Kitchen Tools"), "/kitchen-tools/x/"},
		{"title keeps case and letters", URLRules{Permalink: "pretty"}, post("_posts/2020-01-01-Åsa Öst.md"), "/2009/04/29/Åsa-Öst/"},
		{"slug lowercases", URLRules{Permalink: "/:slug/"}, post("_posts/2009-04-29-Slap Chop.md"), "/slap-chop/"},
		{"front matter slug", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPost, Path: "_posts/2009-04-29-x.md", CollectionDir: "_posts", Slug: "other name", Date: date}, "/2009/04/29/other-name/"},
		{"i_month i_day short_year", URLRules{Permalink: "/:short_year/:i_month/:i_day/:title"}, post("_posts/2009-04-29-x.md"), "/09/4/29/x"},
		{"month names", URLRules{Permalink: "/:short_month/:long_month/:long_day/:title/"}, post("_posts/2009-04-29-x.md"), "/Apr/April/Wednesday/x/"},
		{"date in site time zone", URLRules{Permalink: "date", Location: stockholm},
			URLSource{Kind: KindPost, Path: "_posts/2021-02-03-x.md", CollectionDir: "_posts", Date: time.Date(2021, 2, 3, 23, 34, 0, 0, time.FixedZone("", -5*3600))},
			"/2021/02/04/x.html"},
		{"post permalink front matter", URLRules{}, URLSource{Kind: KindPost, Path: "_posts/2009-04-29-x.md", CollectionDir: "_posts", Permalink: "/:year/special/", Date: date}, "/2009/special/"},
		{"posts collection permalink", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPost, Path: "_posts/2009-04-29-x.md", CollectionDir: "_posts", CollectionPermalink: "/news/:title:output_ext", Date: date}, "/news/x.html"},
		// Collections.
		{"collection default", URLRules{}, URLSource{Kind: KindDocument, Path: "_my_collection/some_subdir/some_doc.md", CollectionDir: "_my_collection", Collection: "my_collection"}, "/my_collection/some_subdir/some_doc.html"},
		{"collection default pretty", URLRules{Permalink: "pretty"}, URLSource{Kind: KindDocument, Path: "_themes/a.md", CollectionDir: "_themes", Collection: "themes"}, "/themes/a/"},
		{"collection default custom style with slash", URLRules{Permalink: "/:title/"}, URLSource{Kind: KindDocument, Path: "_themes/a.md", CollectionDir: "_themes", Collection: "themes"}, "/themes/a/"},
		{"collection permalink path", URLRules{}, URLSource{Kind: KindDocument, Path: "_themes/sub/Med Bar.md", CollectionDir: "_themes", Collection: "themes", CollectionPermalink: "/teman/:path/"}, "/teman/sub/Med Bar/"},
		{"collection permalink name", URLRules{}, URLSource{Kind: KindDocument, Path: "_themes/sub/Med Bar.md", CollectionDir: "_themes", Collection: "themes", CollectionPermalink: "/:collection/:name"}, "/themes/med-bar"},
		{"collection permalink title date", URLRules{}, URLSource{Kind: KindDocument, Path: "_projects/bibliotek i centrum.md", CollectionDir: "_projects", Collection: "projects", CollectionPermalink: "/:collection/:year/:title.html", Date: date}, "/projects/2009/bibliotek-i-centrum.html"},
		// Pages.
		{"page date style", URLRules{}, URLSource{Kind: KindPage, Path: "about.md"}, "/about.html"},
		{"page pretty", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPage, Path: "om/team.md"}, "/om/team/"},
		{"page none", URLRules{Permalink: "none"}, URLSource{Kind: KindPage, Path: "om/team.md"}, "/om/team.html"},
		{"page template ending in slash", URLRules{Permalink: "/:categories/:title/"}, URLSource{Kind: KindPage, Path: "om/team.md"}, "/om/team/"},
		{"page template without suffix", URLRules{Permalink: "/:categories/:title"}, URLSource{Kind: KindPage, Path: "om/team.md"}, "/om/team"},
		{"page weekdate gets no suffix", URLRules{Permalink: "weekdate"}, URLSource{Kind: KindPage, Path: "om/team.md"}, "/om/team"},
		{"index page", URLRules{Permalink: "date"}, URLSource{Kind: KindPage, Path: "om/index.md"}, "/om/"},
		{"root index", URLRules{}, URLSource{Kind: KindPage, Path: "index.html"}, "/"},
		{"html page", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPage, Path: "kontakt.html"}, "/kontakt/"},
		{"non-html page keeps extension", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPage, Path: "feed.xml"}, "/feed.xml"},
		{"page permalink", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPage, Path: "om-oss.md", Permalink: "/om-oss/"}, "/om-oss/"},
		{"page permalink placeholders", URLRules{}, URLSource{Kind: KindPage, Path: "om/ph.md", Permalink: "/:path/:basename/x:output_ext"}, "/om/ph/x.html"},
		{"page permalink unknown placeholder kept", URLRules{}, URLSource{Kind: KindPage, Path: "a.md", Permalink: "/:title/"}, "/:title/"},
		{"page with spaces", URLRules{Permalink: "pretty"}, URLSource{Kind: KindPage, Path: "om/Fil med mellanslag.md"}, "/om/Fil med mellanslag/"},
		{"dot dot squeezed", URLRules{}, URLSource{Kind: KindPage, Path: "a.md", Permalink: "/x/../y//z/"}, "/x/y/z/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rules.URL(tt.src); got != tt.want {
				t.Errorf("URL(%+v) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, mode, want string }{
		{"The _config.yml file", "default", "the-config-yml-file"},
		{"The _config.yml file", "pretty", "the-_config.yml-file"},
		{"The _config.yml file", "raw", "the-_config.yml-file"},
		{"The _cönfig.yml file", "ascii", "the-c-nfig-yml-file"},
		{"Åsa Öst", "default", "åsa-öst"},
		{"  leading", "default", "leading"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in, tt.mode, false); got != tt.want {
			t.Errorf("Slugify(%q, %q) = %q, want %q", tt.in, tt.mode, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	stockholm, _ := time.LoadLocation("Europe/Stockholm")
	tests := []struct {
		in     string
		quoted bool
		want   string
	}{
		{"2021-02-03 15:34:34 +0100", false, "2021-02-03T15:34:34+01:00"},
		{"2024-05-01 00:00:00 Z", false, "2024-05-01T00:00:00Z"},
		{"2024-05-01T10:00:00.000Z", false, "2024-05-01T10:00:00Z"},
		{"2024-05-01T10:00:00.000+02:00", false, "2024-05-01T10:00:00+02:00"},
		{"2024-05-01T10:00:00.250+02:00", false, "2024-05-01T10:00:00.25+02:00"},
		{"2019-03-10 12:00:00", true, "2019-03-10T12:00:00+01:00"},  // quoted: local time
		{"2019-03-10 23:30:00", false, "2019-03-11T00:30:00+01:00"}, // unquoted, no zone: UTC (SafeYAML)
		{"2019-07-10", false, "2019-07-10T00:00:00+02:00"},
		{"2021-02-03 15:34 -05", false, "2021-02-03T15:34:00-05:00"},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.in, tt.quoted, stockholm)
		if err != nil {
			t.Errorf("parseDate(%q): %v", tt.in, err)
			continue
		}
		if got := d.RFC3339(); got != tt.want {
			t.Errorf("parseDate(%q, quoted=%v) = %s, want %s", tt.in, tt.quoted, got, tt.want)
		}
	}
	if _, err := parseDate("tomorrow", false, stockholm); err == nil {
		t.Errorf("parseDate(tomorrow): no error")
	}
}
