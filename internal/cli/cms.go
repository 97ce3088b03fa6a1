package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deltag/deltag/internal/cms"
	"github.com/deltag/deltag/internal/config"
)

func init() {
	extraCommands = append(extraCommands, command{"cms", "write the editing CMS (/admin/) configured from site.yaml", runCMS})
}

// runCMS writes /admin/ — the CMS page, its configuration from site.yaml
// and the vendored bundle — into the site's static/ folder, so that every
// build publishes it at /admin/.
func runCMS(ctx context.Context, env *Env, args []string) int {
	fl := newFlags("cms", "", env)
	var source, dest string
	var opt cms.Options
	fl.StringVar(&source, "source", ".", "the site's root `folder`")
	fl.StringVar(&dest, "dest", "", "where admin/ is written (default: the site's static/ folder, so every build publishes it)")
	fl.StringVar(&opt.Backend.Name, "backend", "github", "where content is stored: "+strings.Join(cms.Backends, ", ")+" (gitea also serves Forgejo)")
	fl.StringVar(&opt.Backend.Repo, "repo", "", "the repository, `owner/name`")
	fl.StringVar(&opt.Backend.Branch, "branch", "", "the `branch` edits are committed to (default: the repository's default branch)")
	fl.StringVar(&opt.Backend.APIRoot, "api-root", "", "API `URL` of a self-hosted GitLab (…/api/v4) or Gitea/Forgejo (…/api/v1)")
	fl.StringVar(&opt.Backend.BaseURL, "base-url", "", "OAuth `URL`: the Sveltia CMS Authenticator (GitHub) or a self-hosted GitLab/Gitea/Forgejo")
	fl.StringVar(&opt.Backend.AppID, "app-id", "", "OAuth application `ID` (GitLab, Gitea/Forgejo)")
	fl.StringVar(&opt.MediaFolder, "media-folder", "static/images/uploads", "`folder` for uploaded images, below static/")
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "deltag cms: unexpected argument %q\n", fl.Arg(0))
		return ExitUsage
	}
	cfg, diags := config.Load(os.DirFS(source))
	if diags.HasErrors() {
		printDiags(env.Stderr, diags)
		return ExitError
	}
	files, diags := cms.Files(cfg, opt)
	if diags.HasErrors() {
		printDiags(env.Stderr, diags)
		return ExitError
	}
	if dest == "" {
		dest = filepath.Join(source, "static")
	}
	wrote := 0
	for _, f := range files {
		p := filepath.Join(dest, filepath.FromSlash(f.Path))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, f.Data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(env.Stderr, "deltag cms: %v\n", err)
			return ExitError
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			fmt.Fprintf(env.Stderr, "deltag cms: %v\n", err)
			return ExitError
		}
		wrote++
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%s, Sveltia CMS %s, backend %s)\n", filepath.ToSlash(filepath.Join(dest, cms.Dir))+"/",
		plural(wrote, "1 file changed", "%d files changed"), cms.Version, opt.Backend.Name)
	return ExitOK
}
