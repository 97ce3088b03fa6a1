package jekyll

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Write prints the report for people: what was imported per section and
// language, the translations found, the URL rule applied and every
// problem with its file and line. The order is deterministic.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "Imported Jekyll site %s into %s (%s)\n", r.Source, r.Dest, r.Now.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Languages: %s (default %s)\n\n", strings.Join(r.Languages, ", "), first(r.Languages))

	// Files per collection and language.
	counts := map[string]map[string]int{}
	var groups []string
	for _, p := range r.Pages {
		g := p.Collection
		switch {
		case p.Kind == KindDraft:
			g = "drafts"
		case g == "":
			g = "pages"
		}
		if counts[g] == nil {
			counts[g] = map[string]int{}
			groups = append(groups, g)
		}
		counts[g][p.Lang]++
	}
	sort.Strings(groups)
	fmt.Fprintf(w, "Content files per collection and language:\n")
	fmt.Fprintf(w, "  %-14s", "")
	for _, l := range r.Languages {
		fmt.Fprintf(w, "%6s", l)
	}
	fmt.Fprintf(w, "%8s\n", "total")
	for _, g := range groups {
		fmt.Fprintf(w, "  %-14s", g)
		total := 0
		for _, l := range r.Languages {
			fmt.Fprintf(w, "%6d", counts[g][l])
			total += counts[g][l]
		}
		fmt.Fprintf(w, "%8d\n", total)
	}
	drafts := 0
	kept, aliased := 0, 0
	for _, p := range r.Pages {
		if p.Draft {
			drafts++
		}
		if p.JekyllURL == "" {
			continue
		}
		if p.URL != "" && fileURL(p.JekyllURL) == p.URL {
			kept++
		} else {
			aliased++
		}
	}
	fmt.Fprintf(w, "  (%d of them drafts)\n", drafts)
	fmt.Fprintf(w, "Static files: %d", r.Static)
	if r.StaticNFC > 0 {
		fmt.Fprintf(w, " (+%d copies under the composed (NFC) form of a decomposed name)", r.StaticNFC)
	}
	fmt.Fprintf(w, "\nData files: %d\n", r.Data)
	fmt.Fprintf(w, "Jekyll URLs: %d; %d kept as the page's url (permalink), %d served by deltag's URL or an alias redirect\n", kept+aliased, kept, aliased)
	if r.UnsafeHTML {
		fmt.Fprintf(w, "Raw HTML: found in pages, so site.yaml turns markdown.unsafe on; that is only for trusted content\n")
	}

	if len(r.Types) > 0 {
		fmt.Fprintf(w, "\nCollections as deltag types (decided by their fields):\n")
		for i, t := range r.Types {
			if t.Fits {
				fmt.Fprintf(w, "  %s: %s (%d documents; site.yaml types:)\n", t.Collection, t.Type, t.Documents)
				continue
			}
			fmt.Fprintf(w, "  %s: not %s: %s:%d has no %s\n", t.Collection, t.Type, t.File, t.Line, t.Missing)
			if i+1 == len(r.Types) || r.Types[i+1].Collection != t.Collection {
				fmt.Fprintf(w, "  %s: plain pages (it has the fields of no type)\n", t.Collection)
			}
		}
	}

	fmt.Fprintf(w, "\nTranslations: %d\n", len(r.Translations))
	for _, t := range r.Translations {
		how := "by path"
		if t.Ref != "" {
			how = fmt.Sprintf("ref %q", t.Ref)
		}
		var langs []string
		for l := range t.Pages {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		var parts []string
		for _, l := range langs {
			parts = append(parts, l+" "+t.Pages[l])
		}
		fmt.Fprintf(w, "  %s: %s\n", how, strings.Join(parts, ", "))
	}

	fmt.Fprintf(w, "\nProblems: %d (the import went on)\n", len(r.Diagnostics))
	for _, d := range r.Diagnostics {
		fmt.Fprintf(w, "  %s\n", d)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
