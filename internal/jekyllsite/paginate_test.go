package jekyllsite

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestPaginateConfig(t *testing.T) {
	for _, tc := range []struct {
		config   string
		per      int
		tmpl     string
		warning  string
		pagePath string // page 3's path
	}{
		{"paginate: 5\n", 5, "/page:num/", "", "/page3/"},
		{"paginate: \"2\"\npaginate_path: /blogg/sida:num\n", 2, "/blogg/sida:num", "", "/blogg/sida3/"},
		{"paginate: 2\npaginate_path: /arkiv/:num.html\n", 2, "/arkiv/:num.html", "", "/arkiv/3.html"},
		{"title: x\n", 0, "", "", ""},
		{"paginate: many\n", 0, "", "paginate: many is not a number", ""},
		{"paginate: 0\n", 0, "", "paginate: 0 is not a number", ""},
	} {
		per, tmpl, diags := paginateConfig(fstest.MapFS{"_config.yml": {Data: []byte(tc.config)}})
		if per != tc.per || tmpl != tc.tmpl {
			t.Errorf("%q: got %d %q, want %d %q", tc.config, per, tmpl, tc.per, tc.tmpl)
		}
		if (tc.warning == "") != (len(diags) == 0) || (len(diags) > 0 && (!strings.Contains(diags[0].Msg, tc.warning) || diags[0].File != "_config.yml" || diags[0].Line != 1)) {
			t.Errorf("%q: diagnostics %v, want %q", tc.config, diags, tc.warning)
		}
		if tc.pagePath != "" {
			if got := pagePath(tmpl, 3); got != tc.pagePath {
				t.Errorf("%q: page 3 at %q, want %q", tc.config, got, tc.pagePath)
			}
		}
	}
	if per, _, diags := paginateConfig(fstest.MapFS{}); per != 0 || len(diags) != 0 {
		t.Errorf("no _config.yml: got %d %v, want nothing", per, diags)
	}
}
