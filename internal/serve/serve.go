// Package serve is deltag's development server: it builds the site,
// serves it over HTTP, watches the site's files and rebuilds what an edit
// touches, and tells open pages to reload over Server-Sent Events.
//
// Pages are served exactly as deltag build writes them, plus one script
// tag before </body> that listens on /__deltag/events. A failed rebuild
// keeps the last good build on the server and shows the errors (file,
// line, message) as an overlay on every page until a rebuild succeeds.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
)

// Server serves a Project's folder and pushes reload events.
type Server struct {
	Project *build.Project
	Log     io.Writer

	mu      sync.Mutex
	errs    diag.List // errors of the last rebuild, shown as an overlay
	clients map[chan event]bool
	version int
}

type event struct {
	Name string // reload, css, error
	Data string
}

// New makes a server for a project.
func New(p *build.Project, log io.Writer) *Server {
	return &Server{Project: p, Log: log, clients: map[chan event]bool{}}
}

// SetErrors records the errors of the last build attempt (nil clears).
func (s *Server) SetErrors(d diag.List) {
	s.mu.Lock()
	s.errs = d.Errors().Sort()
	s.mu.Unlock()
}

// Broadcast sends an event to every open page.
func (s *Server) Broadcast(name, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	for c := range s.clients {
		select {
		case c <- event{name, data}:
		default: // a slow client misses an event, not the server
		}
	}
}

// ServeHTTP serves the site, the reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/__deltag/events":
		s.events(w, r)
		return
	case "/__deltag/reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadJS)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.file(w, r)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	dir := s.Project.Dir
	p := path.Clean("/" + r.URL.Path)
	full := filepath.Join(dir, filepath.FromSlash(p))
	st, err := os.Stat(full)
	if err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		_, err = os.Stat(full)
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusNotFound
		full = s.notFound(dir, p)
		if full == "" {
			http.NotFound(w, r)
			return
		}
	}
	b, err := os.ReadFile(full)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(filepath.Ext(full))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		b = s.inject(b)
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// notFound picks the site's 404 page for a path: the language's when the
// path starts with a language folder that has one.
func (s *Server) notFound(dir, p string) string {
	parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)
	for _, cand := range []string{filepath.Join(dir, parts[0], "404.html"), filepath.Join(dir, "404.html")} {
		if _, err := os.Stat(cand); err == nil {
			return cand
		}
	}
	return ""
}

const scriptTag = `<script src="/__deltag/reload.js" defer></script>`

// inject adds the reload script, and the error overlay when the last
// rebuild failed, before </body>.
func (s *Server) inject(b []byte) []byte {
	s.mu.Lock()
	errs := s.errs
	s.mu.Unlock()
	add := scriptTag
	if len(errs) > 0 {
		add = overlay(errs) + add
	}
	i := bytes.LastIndex(b, []byte("</body>"))
	if i < 0 {
		return append(b, add...)
	}
	out := make([]byte, 0, len(b)+len(add))
	out = append(out, b[:i]...)
	out = append(out, add...)
	return append(out, b[i:]...)
}

func overlay(errs diag.List) string {
	var sb strings.Builder
	sb.WriteString(`<div id="deltag-errors" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#2b0a0a;color:#fff;font:15px/1.5 monospace;padding:1rem 1.5rem;z-index:2147483647;border-top:4px solid #ff6b6b">`)
	fmt.Fprintf(&sb, "<p style=\"margin:0 0 .5rem;font-weight:bold\">deltag: the last rebuild failed (%d) – showing the last good build</p><ul style=\"margin:0;padding-left:1.2rem\">", len(errs))
	for _, d := range errs {
		sb.WriteString("<li>" + html.EscapeString(d.String()) + "</li>")
	}
	sb.WriteString("</ul></div>")
	return sb.String()
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	io.WriteString(w, "retry: 500\n: connected\n\n")
	fl.Flush()
	tick := time.NewTicker(25 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		case e := <-c:
			data, _ := json.Marshal(e.Data)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, data)
			fl.Flush()
		}
	}
}

// reloadJS reloads the page on "reload" and "error", and swaps
// stylesheets on "css" without a reload.
const reloadJS = `(function () {
  var es = new EventSource("/__deltag/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("error", function (e) { if (e.data) location.reload(); });
  es.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var u = new URL(links[i].href);
      u.searchParams.set("deltag", Date.now());
      links[i].href = u.toString();
    }
  });
})();
`

// Run builds opts.Source, serves it on addr until ctx ends, and rebuilds
// on changes. ready, if not nil, receives the address once listening.
func Run(ctx context.Context, opts build.Options, addr string, log io.Writer, ready func(url string)) error {
	if opts.Dest == "" {
		tmp, err := os.MkdirTemp("", "deltag-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		opts.Dest = tmp
	}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	if opts.BaseURL == "" {
		opts.BaseURL = url
	}
	p, ch, diags := build.OpenProject(ctx, opts)
	if p == nil {
		ln.Close()
		return diags.Err()
	}
	srv := New(p, log)
	printDiags(log, diags)
	srv.SetErrors(diags)
	if ch != nil {
		fmt.Fprintf(log, "built %d pages in %d ms\n", ch.Rendered, ch.Duration.Milliseconds())
	}
	w, err := newWatcher(opts.Source)
	if err != nil {
		return err
	}
	defer w.close()
	hs := &http.Server{Addr: addr, Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(log, "serving %s on %s (Ctrl-C stops)\n", opts.Source, url)
	if ready != nil {
		ready(url)
	}
	go w.run(ctx, 15*time.Millisecond, func(changed []string) { srv.rebuild(ctx, changed) })
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(shut)
		return nil
	case err := <-errc:
		return err
	}
}

// rebuild runs one rebuild and tells the browsers.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	ch, diags := s.Project.Update(ctx, changed)
	what := strings.Join(changed, ", ")
	if len(changed) > 3 {
		what = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	if diags.HasErrors() {
		printDiags(s.Log, diags)
		s.SetErrors(diags)
		fmt.Fprintf(s.Log, "%s %s changed · rebuild failed, serving the last good build\n", time.Now().Format("15:04:05"), what)
		s.Broadcast("error", diags.Errors().Sort()[0].String())
		return
	}
	s.SetErrors(nil)
	kind := "reload"
	if ch.CSSOnly {
		kind = "css"
	}
	mode := ""
	if ch.Full {
		mode = " (full)"
	}
	fmt.Fprintf(s.Log, "%s %s changed · %d pages re-rendered%s · %d files written · %d ms\n",
		time.Now().Format("15:04:05"), what, ch.Rendered, mode, len(ch.Written), ch.Duration.Milliseconds())
	s.Broadcast(kind, strings.Join(ch.Written, "\n"))
}

func printDiags(w io.Writer, d diag.List) {
	for _, x := range d.Sort() {
		fmt.Fprintln(w, x.String())
	}
}
