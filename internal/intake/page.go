package intake

import (
	"html/template"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/forms"
	"github.com/deltag/deltag/internal/locale"
)

// statusText is what a person reads on the intake's own error pages.
var statusText = map[int]locale.Text{
	http.StatusBadRequest:            {"sv": "Formuläret gick inte att läsa. Gå tillbaka och försök igen.", "da": "Formularen kunne ikke læses. Gå tilbage, og prøv igen.", "en": "The form could not be read. Go back and try again."},
	http.StatusForbidden:             {"sv": "Formuläret skickades från en annan webbplats och togs inte emot.", "da": "Formularen blev sendt fra en anden hjemmeside og blev ikke modtaget.", "en": "The form was sent from another website and was not accepted."},
	http.StatusNotFound:              {"sv": "Det finns inget formulär här.", "da": "Der er ingen formular her.", "en": "There is no form here."},
	http.StatusMethodNotAllowed:      {"sv": "Skicka formuläret från webbplatsen.", "da": "Send formularen fra hjemmesiden.", "en": "Send the form from the website."},
	http.StatusRequestEntityTooLarge: {"sv": "Svaret är för långt. Gå tillbaka, korta texten och försök igen.", "da": "Svaret er for langt. Gå tilbage, forkort teksten, og prøv igen.", "en": "Your answer is too long. Go back, shorten it and try again."},
	http.StatusUnsupportedMediaType:  {"sv": "Formuläret kom i ett format som inte tas emot. Filer kan inte skickas.", "da": "Formularen kom i et format, der ikke modtages. Filer kan ikke sendes.", "en": "The form came in a format that is not accepted. Files cannot be sent."},
	http.StatusTooManyRequests:       {"sv": "För många försök just nu. Vänta en stund och försök igen.", "da": "For mange forsøg lige nu. Vent lidt, og prøv igen.", "en": "Too many attempts right now. Wait a moment and try again."},
	http.StatusServiceUnavailable:    {"sv": "Vi kunde inte spara ditt svar just nu. Gå tillbaka och försök igen om en stund.", "da": "Vi kunne ikke gemme dit svar lige nu. Gå tilbage, og prøv igen om lidt.", "en": "We could not save your answer right now. Go back and try again in a moment."},
}

// pageCSP allows the page's own inline style and nothing else; forms may
// post only to the intake.
func (h *Handler) pageCSP() string {
	fa := "'self'"
	if o := originOf(h.cfg.Intake.URL); o != "" {
		fa += " " + o
	}
	return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action " + fa + "; base-uri 'none'; frame-ancestors 'none'"
}

// fail answers with status: JSON for JSON callers, else a small page in
// lang ("" = the post's _lang, else from the Referer, else the default
// language).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang string, status int, allow string) {
	if allow != "" {
		w.Header().Set("Allow", allow)
	}
	if lang == "" {
		lang = h.postLang(r)
	}
	msg := statusText[status].Get(lang, "en")
	if msg == "" {
		msg = http.StatusText(status)
	}
	w.Header().Set("Cache-Control", "no-store")
	if wantsJSON(r, mediaType(r)) {
		writeJSON(w, status, map[string]string{"status": "error", "error": msg})
		return
	}
	h.page(w, r, status, pageData{
		Lang:    lang,
		Title:   msg,
		Heading: msg,
		Back:    h.siteURL("/" + lang + "/"),
		BackT:   forms.UI("back", lang, h.defLang),
	})
}

// invalid answers a post that failed validation: 422 with per-field
// errors in JSON, or an accessible page listing the errors above the form
// again, filled with what the person typed (escaped).
func (h *Handler) invalid(w http.ResponseWriter, r *http.Request, f *forms.Form, lang string, st *forms.State) {
	w.Header().Set("Cache-Control", "no-store")
	if wantsJSON(r, mediaType(r)) {
		fields := map[string]string{}
		for _, e := range st.Errors {
			fields[e.Field] = e.Message
		}
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"status": "invalid", "errors": st.Errors, "fields": fields})
		return
	}
	form, err := forms.HTML(f, lang, h.defLang, st)
	if err != nil {
		h.log.Error("intake: rendering form", "form", f.ID, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	title := f.Title.Get(lang, h.defLang)
	h.page(w, r, http.StatusUnprocessableEntity, pageData{
		Lang:    lang,
		Title:   forms.UI("titlePrefix", lang, h.defLang) + title,
		Heading: title,
		Form:    form,
		Back:    h.siteURL("/" + lang + "/"),
		BackT:   forms.UI("back", lang, h.defLang),
	})
}

func mediaType(r *http.Request) string {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct
}

type pageData struct {
	Lang, Title, Heading, Message, Back, BackT, Site string
	Form                                             template.HTML
}

// page writes an answer page: in the site's own shell for d.Lang when
// there is one (see shells), else in the intake's own small page.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, d pageData) {
	if l := h.cfg.Language(d.Lang); l != nil {
		d.Site = l.Title
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Frame-Options", "DENY")
	shell, err := h.shells.get(r.Context(), d.Lang)
	if err != nil {
		h.log.Warn("intake: no site shell for answers; using the intake's own page", "lang", d.Lang, "err", err)
	}
	if shell != "" {
		var content strings.Builder
		if err := contentTemplate.Execute(&content, d); err != nil {
			h.log.Error("intake: page", "status", strconv.Itoa(status), "err", err)
		}
		w.Header().Set("Content-Security-Policy", h.shellCSP())
		w.WriteHeader(status)
		io.WriteString(w, fillShell(shell, d.Title, d.Heading, content.String()))
		return
	}
	w.Header().Set("Content-Security-Policy", h.pageCSP())
	w.WriteHeader(status)
	if err := pageTemplate.Execute(w, d); err != nil {
		h.log.Error("intake: page", "status", strconv.Itoa(status), "err", err)
	}
}

// shellCSP is pageCSP for a page in the site's shell: its stylesheet,
// images, fonts and scripts come from the site.
func (h *Handler) shellCSP() string {
	site := originOf(h.cfg.BaseURL)
	fa, conn := "'self'", "'self'"
	if o := originOf(h.cfg.Intake.URL); o != "" {
		fa += " " + o
		conn += " " + o
	}
	return "default-src 'none'; style-src 'unsafe-inline' " + site + "; img-src 'self' " + site + "; font-src " + site +
		"; script-src " + site + "; connect-src " + conn + "; form-action " + fa + "; base-uri 'none'; frame-ancestors 'none'"
}

// contentTemplate is an answer's content inside the site's shell.
var contentTemplate = template.Must(template.New("content").Parse(`<div class="intake-answer">
{{- if .Message}}<p>{{.Message}}</p>{{end}}
{{.Form}}
<p><a href="{{.Back}}">{{.BackT}}</a></p>
</div>`))

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}{{if .Site}} – {{.Site}}{{end}}</title>
<style>
body{font:1.125rem/1.5 system-ui,sans-serif;color:#0b0c0c;margin:0;padding:1rem}
main{max-width:40rem;margin:0 auto}
h1{font-size:2rem;line-height:1.2;overflow-wrap:anywhere} /* issue 13: long words wrap at 320 px */
a{color:#1d4f91}a:focus,input:focus,textarea:focus,button:focus{outline:3px solid #fd0;outline-offset:0}
.form-error-summary{border:5px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}
.form-error-summary a{color:#b10e1e;font-weight:bold}
.form-field{margin-bottom:1.5rem}.form-field-error{border-left:5px solid #b10e1e;padding-left:.75rem}
.form-label,.form-legend{display:block;font-weight:bold}
.form-hint{color:#505a5f;margin:.25rem 0}
.form-error-message{color:#b10e1e;font-weight:bold;margin:.25rem 0}
.form-input{box-sizing:border-box;width:100%;font:inherit;padding:.4rem;border:2px solid #0b0c0c}
.form-input-number,.form-input-date{width:12rem}
.form-field-error .form-input{border-color:#b10e1e}
.form-fieldset{border:0;padding:0;margin:0}
.form-option{margin:.4rem 0}
.form-radio,.form-checkbox{width:1.5rem;height:1.5rem;vertical-align:middle}
.form-privacy{background:#f3f2f1;padding:1rem;margin-bottom:1.5rem}
.form-submit{font:inherit;font-weight:bold;padding:.6rem 1.2rem;background:#00703c;color:#fff;border:0;cursor:pointer}
.form-visually-hidden,.form-hp{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.form-hp{left:-10000px}
</style>
</head>
<body>
<main id="main">
<h1>{{.Heading}}</h1>
{{- if .Message}}
<p>{{.Message}}</p>
{{- end}}
{{.Form}}
<p><a href="{{.Back}}">{{.BackT}}</a></p>
</main>
</body>
</html>
`))

// bodyTap remembers the first maxTap bytes read from a request body, so
// an error page can find the post's _lang after the body was refused.
type bodyTap struct {
	io.ReadCloser
	buf []byte
}

const maxTap = 256 << 10

func (t *bodyTap) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	if room := maxTap - len(t.buf); room > 0 {
		t.buf = append(t.buf, p[:min(n, room)]...)
	}
	return n, err
}

// langPattern finds _lang in a urlencoded, multipart or JSON body.
var langPattern = regexp.MustCompile(`(?:^|&)_lang=([a-z]{2,3})(?:&|$)|name="_lang"\r?\n\r?\n([a-z]{2,3})\r?\n|"_lang"\s*:\s*"([a-z]{2,3})"`)

// postLang is the language of a refused post: its _lang field (read from
// the body, up to maxTap bytes, even when the post was too big or came
// too often), else the Referer's, else the default.
func (h *Handler) postLang(r *http.Request) string {
	if t, ok := r.Body.(*bodyTap); ok {
		io.Copy(io.Discard, io.LimitReader(t, int64(maxTap-len(t.buf))))
		for _, m := range langPattern.FindAllSubmatch(t.buf, -1) {
			for _, g := range m[1:] {
				if h.langs[string(g)] {
					return string(g)
				}
			}
		}
	}
	return h.lang("", r)
}
