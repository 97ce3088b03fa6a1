package serve_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/serve"
)

// BenchmarkEditToServed measures deltag serve on the shared 10,000-page
// corpus (../shared/bench/gen_corpus.py, with this project's site.yaml and
// theme): from writing one page to the new text being served over HTTP
// with the reload event sent. Set DELTAG_BENCH_PAGES to change the size.
func BenchmarkEditToServed(b *testing.B) {
	gen, _ := filepath.Abs("../../../shared/bench/gen_corpus.py")
	if _, err := os.Stat(gen); err != nil {
		b.Skip("no ../shared/bench/gen_corpus.py")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 is needed to generate the corpus")
	}
	n := "10000"
	if v := os.Getenv("DELTAG_BENCH_PAGES"); v != "" {
		n = v
	}
	root, _ := filepath.Abs("../..")
	src := b.TempDir()
	if out, err := exec.Command("python3", gen, n, filepath.Join(src, "content")).CombinedOutput(); err != nil {
		b.Fatalf("gen_corpus: %v\n%s", err, out)
	}
	os.CopyFS(filepath.Join(src, "themes"), os.DirFS(filepath.Join(root, "themes")))
	cfg, _ := os.ReadFile(filepath.Join(root, "site.yaml"))
	os.WriteFile(filepath.Join(src, "site.yaml"), cfg, 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go serve.Run(ctx, build.Options{Extensions: features.All(), Source: src}, "127.0.0.1:0", io.Discard, func(u string) { ready <- u })
	var url string
	select {
	case url = <-ready:
	case <-time.After(5 * time.Minute):
		b.Fatal("serve did not start")
	}
	events := listenEvents(b, url)
	files, _ := filepath.Glob(filepath.Join(src, "content/sv/posts/*.md"))
	sort.Strings(files)
	file := files[len(files)/2]
	rel := strings.TrimSuffix(filepath.Base(file), ".md")
	pageURL := url + "sv/posts/" + rel + "/"
	orig, _ := os.ReadFile(file)

	var ms []float64
	var heap0, heap1 runtime.MemStats
	edit := func(i int) {
		marker := fmt.Sprintf("Ändring nummer %d.", i)
		start := time.Now()
		os.WriteFile(file, append(append([]byte{}, orig...), "\n"+marker+"\n"...), 0o644)
		events.wait(b, "reload")
		for {
			if _, body := get(b, pageURL); strings.Contains(body, marker) {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatal("edit not served within 10 s")
			}
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
	}
	edit(-1) // warm up: templates escaped, caches filled
	runtime.GC()
	runtime.ReadMemStats(&heap0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edit(i)
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&heap1)
	sort.Float64s(ms)
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[len(ms)*9/10], "p90-ms")
	b.ReportMetric(float64(heap1.HeapAlloc)/(1<<20), "heap-MB-after")
	b.ReportMetric((float64(heap1.HeapAlloc)-float64(heap0.HeapAlloc))/(1<<20), "heap-MB-growth")
}
