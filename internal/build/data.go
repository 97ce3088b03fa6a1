package build

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
	"github.com/deltag/deltag/internal/page"
	"gopkg.in/yaml.v3"
)

// readDataDir reads YAML and JSON files below dir into nested maps keyed by
// folder and file name without extension: data/votes/2026.yaml is
// .Site.Data.votes.2026 (use index in templates).
func readDataDir(fsys fs.FS, dir string) (map[string]any, diag.List) {
	var diags diag.List
	data := map[string]any{}
	_ = fsroot.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" && ext != ".json" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "%v", err)
			return nil
		}
		var v any
		if ext == ".json" {
			err = json.Unmarshal(b, &v)
			if err != nil {
				diags.Errorf(p, 0, "JSON: %v", err)
				return nil
			}
		} else if err := yaml.Unmarshal(b, &v); err != nil {
			diags.Append(config.YAMLDiags(p, 0, err))
			return nil
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, dir+"/"), ext)
		parts := strings.Split(rel, "/")
		m := data
		for _, part := range parts[:len(parts)-1] {
			sub, ok := m[part].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[part] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = page.StringKeys(v)
		return nil
	})
	return data, diags
}
