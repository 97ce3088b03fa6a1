package sass

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
)

func site() fstest.MapFS {
	return fstest.MapFS{
		"assets/main.scss":        {Data: []byte("---\n# front matter\n---\n@import \"base\";\n.a { .b { color: $ink; } }\n")},
		"assets/plain.scss":       {Data: []byte(".not-compiled { x: y }\n")},
		"_sass/base.scss":         {Data: []byte("$ink: #123456;\n")},
		"_sass/nested/_more.scss": {Data: []byte("")},
	}
}

func TestCompile(t *testing.T) {
	if _, err := exec.LookPath("sassc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("sassc is not installed (apt-get install sassc)")
	}
	out, diags := Compile(context.Background(), site())
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := map[string]string{}
	for _, o := range out {
		got[o.Name] = string(o.Data)
	}
	if css := got["assets/main.css"]; !strings.Contains(css, ".a .b {\n  color: #123456;\n}") {
		t.Errorf("assets/main.css = %q", css)
	}
	if _, ok := got["assets/main.css.map"]; !ok {
		t.Error("no source map")
	}
	if _, ok := got["assets/plain.css"]; ok {
		t.Error("a Sass file without front matter was compiled; Jekyll copies it as it is")
	}

	// An error names the file and the line in it.
	bad := site()
	bad["assets/main.scss"] = &fstest.MapFile{Data: []byte("---\n---\n.a {\n  color: $nope;\n}\n")}
	_, diags = Compile(context.Background(), bad)
	if !diags.HasErrors() || diags[0].File != "assets/main.scss" || !strings.Contains(diags[0].Msg, "line 4") {
		t.Errorf("got %v, want an error in assets/main.scss naming line 4", diags)
	}
}

func TestNoCompiler(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out, diags := Compile(context.Background(), site())
	if len(out) != 0 || len(diags) == 0 || diags.HasErrors() || !strings.Contains(diags[0].Msg, "install sassc") {
		t.Errorf("got %v, %v; want one warning saying to install sassc", out, diags)
	}
}
