package formdef

import (
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/locale"
	"gopkg.in/yaml.v3"
)

// Kind is the kind of a field: what it asks for and how it is checked.
type Kind string

// The field kinds.
const (
	Text     Kind = "text"     // one line of text
	Textarea Kind = "textarea" // several lines of text
	Email    Kind = "email"    // an e-mail address
	Number   Kind = "number"   // a whole number
	Date     Kind = "date"     // a date, YYYY-MM-DD
	Choice   Kind = "choice"   // one of the listed choices (radio buttons)
	Checkbox Kind = "checkbox" // yes or no
	Consent  Kind = "consent"  // a checkbox that must be ticked
)

// Kinds lists every kind in the order the documentation gives them.
var Kinds = []Kind{Text, Textarea, Email, Number, Date, Choice, Checkbox, Consent}

// Form is one form declared under forms: in site.yaml.
type Form struct {
	ID         string      `yaml:"id"`
	Title      locale.Text `yaml:"title"`
	Success    locale.Text `yaml:"success"`
	Submit     locale.Text `yaml:"submit"`
	Controller locale.Text `yaml:"controller"`
	Purpose    locale.Text `yaml:"purpose"`
	Retention  int         `yaml:"retention"`
	Action     string      `yaml:"action"`
	// Publish is what an approved submission becomes; nil: it cannot be
	// published.
	Publish *Publish `yaml:"publish"`
	Fields  []*Field `yaml:"fields"`

	// Line is the line of the form in site.yaml; 0 when built in Go.
	Line  int            `yaml:"-"`
	lines map[string]int // key → line, for diagnostics
}

// Field is one question of a form.
type Field struct {
	Name         string                 `yaml:"name"`
	Kind         Kind                   `yaml:"kind"`
	Label        locale.Text            `yaml:"label"`
	Hint         locale.Text            `yaml:"hint"`
	Required     bool                   `yaml:"required"`
	Personal     bool                   `yaml:"personal"`
	Autocomplete string                 `yaml:"autocomplete"`
	Min          *Limit                 `yaml:"min"`
	Max          *Limit                 `yaml:"max"`
	Choices      []Option               `yaml:"choices"`
	Errors       map[string]locale.Text `yaml:"errors"`

	Line  int `yaml:"-"`
	lines map[string]int
}

// Option is one choice of a choice field. In YAML it is written either as
// a plain string (value and label alike) or as {value: …, label: …}.
type Option struct {
	Value string      `yaml:"value"`
	Label locale.Text `yaml:"label"`
}

// Limit is a min: or max: of a field: a number (characters for text
// kinds, the value for number) or a date (YYYY-MM-DD) for date fields.
type Limit struct {
	Raw  string
	Num  float64 // set by Check for text and number kinds
	Date time.Time
	Line int
}

// Intake is the intake: block of site.yaml.
type Intake struct {
	// URL is where forms post: <url>/forms/<id>.
	URL string `yaml:"url"`
	// Origins are extra origins allowed to post; the site's baseURL
	// origin and the intake's own origin are always allowed.
	Origins []string `yaml:"origins"`
	// Secret names where the HMAC key for time tokens is read:
	// "env:NAME" or "file:/path". Never the key itself.
	Secret string `yaml:"secret"`
	// TrustProxy lists the proxies (addresses or CIDRs) whose
	// X-Forwarded-For is believed: from them, the client is the
	// right-most address that is not itself a trusted proxy. Requests
	// from anywhere else are counted by their own address. true means
	// the loopback addresses (a proxy on the same machine).
	TrustProxy []string `yaml:"trustProxy"`
	// Store is where the intake keeps submissions: file:DIR (the
	// default, <site>/submissions), postgres://… or s3://bucket/prefix.
	// Secrets come from the environment, never from here.
	Store string `yaml:"store"`
	// Limits are the spam and abuse limits; zero means the default.
	Limits Limits `yaml:"limits"`
	// Notify, when set, mails the moderators when a submission arrives.
	Notify *Notify `yaml:"notify"`

	Line int `yaml:"-"`
}

// Limits are the intake's rate, size and spam limits. A zero value means
// the default given in brackets.
type Limits struct {
	PerIP        int           `yaml:"perIP"`        // posts per minute from one address [10]
	Global       int           `yaml:"global"`       // posts per minute in all [600]
	Body         int64         `yaml:"body"`         // bytes in one request body [65536]
	Links        int           `yaml:"links"`        // links before a post is suspect [3]
	Length       int           `yaml:"length"`       // characters in all fields before suspect [20000]
	Duplicate    time.Duration `yaml:"duplicate"`    // same content again within this is suspect [10m]
	TokenMin     time.Duration `yaml:"tokenMin"`     // a post sooner after the token is suspect [3s]
	TokenMax     time.Duration `yaml:"tokenMax"`     // a token older than this is suspect [24h]
	RequireToken bool          `yaml:"requireToken"` // a post without token is suspect [false]
	IPv6Prefix   int           `yaml:"ipv6Prefix"`   // IPv6 clients are counted per network of this many bits [64]
	Keys         int           `yaml:"keys"`         // networks one instance tracks at most [65536]
}

// Notify is intake.notify: an e-mail to the moderators for every new
// submission that is not spam, sent over SMTP. The user name and
// password come from DELTAG_SMTP_USER and DELTAG_SMTP_PASSWORD, never
// from site.yaml. The mail holds no personal data unless a field is
// named in IncludeFields.
type Notify struct {
	To   []string `yaml:"to"`
	From string   `yaml:"from"`
	Host string   `yaml:"host"`
	// Port defaults to 587 (465 with tls: tls, 25 with tls: none).
	Port int `yaml:"port"`
	// TLS is starttls (the default: refuse to send when the server does
	// not offer it), tls (implicit TLS, port 465) or none (only for a
	// relay on the same machine).
	TLS string `yaml:"tls"`
	// IncludeFields are fields whose values go in the mail, personal
	// ones too; by default none.
	IncludeFields []string `yaml:"includeFields"`
}

// WithDefaults returns l with every zero limit set to its default.
func (l Limits) WithDefaults() Limits {
	set := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	set(&l.PerIP, 10)
	set(&l.Global, 600)
	set(&l.Links, 3)
	set(&l.Length, 20000)
	set(&l.IPv6Prefix, 64)
	set(&l.Keys, 1<<16)
	if l.Body == 0 {
		l.Body = 64 << 10
	}
	if l.Duplicate == 0 {
		l.Duplicate = 10 * time.Minute
	}
	if l.TokenMin == 0 {
		l.TokenMin = 3 * time.Second
	}
	if l.TokenMax == 0 {
		l.TokenMax = 24 * time.Hour
	}
	return l
}

// Bind points every form without an action: at the intake:
// <url>/forms/<id>. Call it once after loading site.yaml. Without it (or
// without intake.url) forms post to /forms/<id> on the site's own host.
func (in Intake) Bind(forms []*Form) {
	for _, f := range forms {
		if f.Action == "" {
			f.Action = in.FormURL(f.ID)
		}
	}
}

// FormURL is the URL a form posts to.
func (in Intake) FormURL(id string) string {
	return strings.TrimSuffix(in.URL, "/") + "/forms/" + id
}

// Field returns the field called name, or nil.
func (f *Form) Field(name string) *Field {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return fd
		}
	}
	return nil
}

// HasPersonal reports whether any field holds personal data.
func (f *Form) HasPersonal() bool {
	for _, fd := range f.Fields {
		if fd.Personal {
			return true
		}
	}
	return false
}

func (f *Form) line(key string) int {
	if l := f.lines[key]; l > 0 {
		return l
	}
	return f.Line
}

func (fd *Field) line(key string) int {
	if l := fd.lines[key]; l > 0 {
		return l
	}
	return fd.Line
}

// UnmarshalYAML decodes a form strictly (an unknown key is an error, as
// everywhere in site.yaml) and records its lines.
func (f *Form) UnmarshalYAML(n *yaml.Node) error {
	type plain Form
	var p plain
	if n.Kind == yaml.MappingNode {
		// type: and section: of a form were what publish: now says.
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Value == "type" || k.Value == "section" {
				return typeError([]string{fmt.Sprintf("line %d: form %s: moved under publish: (publish: {type: idea, section: ideas, fields: {title: …}})", k.Line, k.Value)})
			}
		}
	}
	errs := unknownKeys(n, p, "forms.Form")
	errs = append(errs, decodeErrs(n.Decode(&p))...)
	*f = Form(p)
	f.Line, f.lines = n.Line, keyLines(n)
	return typeError(errs)
}

// UnmarshalYAML decodes a field strictly and records its lines.
func (fd *Field) UnmarshalYAML(n *yaml.Node) error {
	type plain Field
	var p plain
	errs := unknownKeys(n, p, "forms.Field")
	errs = append(errs, decodeErrs(n.Decode(&p))...)
	*fd = Field(p)
	fd.Line, fd.lines = n.Line, keyLines(n)
	return typeError(errs)
}

// UnmarshalYAML accepts a plain string or {value: …, label: …}.
func (o *Option) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*o = Option{Value: n.Value, Label: locale.Text{"": n.Value}}
		return nil
	}
	type plain Option
	var p plain
	errs := unknownKeys(n, p, "forms.Option")
	errs = append(errs, decodeErrs(n.Decode(&p))...)
	*o = Option(p)
	if o.Label.IsZero() {
		o.Label = locale.Text{"": o.Value}
	}
	return typeError(errs)
}

// UnmarshalYAML keeps the scalar as written; Check parses it per kind.
func (l *Limit) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError([]string{fmt.Sprintf("line %d: min and max want a number or a date", n.Line)})
	}
	*l = Limit{Raw: n.Value, Line: n.Line}
	return nil
}

// UnmarshalYAML decodes the intake block strictly and checks what it can
// on its own: the URL, the origins and the secret's form.
func (in *Intake) UnmarshalYAML(n *yaml.Node) error {
	type plain Intake
	var p plain
	errs := unknownKeys(n, p, "forms.Intake")
	lines := keyLines(n)
	if v := n; v.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(v.Content); i += 2 {
			if v.Content[i].Value == "limits" {
				errs = append(errs, unknownKeys(v.Content[i+1], Limits{}, "forms.Limits")...)
			}
			if v.Content[i].Value == "notify" {
				errs = append(errs, unknownKeys(v.Content[i+1], Notify{}, "forms.Notify")...)
			}
			if k, val := v.Content[i], v.Content[i+1]; k.Value == "trustProxy" && val.Kind == yaml.ScalarNode {
				// true (as sites once wrote) trusts only a proxy on the same
				// machine: a direct client never has a loopback address.
				var on bool
				if err := val.Decode(&on); err != nil {
					errs = append(errs, fmt.Sprintf("line %d: intake trustProxy: list the proxies to trust, such as [127.0.0.1, \"::1\"]", k.Line))
				}
				seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
				if on {
					seq.Content = []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "127.0.0.1"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: "::1"}}
				}
				v.Content[i+1] = seq
			}
		}
	}
	errs = append(errs, decodeErrs(n.Decode(&p))...)
	*in = Intake(p)
	in.Line = n.Line
	if in.URL != "" && !isAbsHTTP(in.URL) {
		errs = append(errs, fmt.Sprintf("line %d: intake url %q: want an absolute URL such as https://intake.portal.example.se", lines["url"], in.URL))
	}
	for _, o := range in.Origins {
		if !isAbsHTTP(o) {
			errs = append(errs, fmt.Sprintf("line %d: intake origin %q: want an origin such as https://portal.example.se", lines["origins"], o))
		}
	}
	if in.Secret != "" && !strings.HasPrefix(in.Secret, "env:") && !strings.HasPrefix(in.Secret, "file:") {
		errs = append(errs, fmt.Sprintf("line %d: intake secret: write env:NAME or file:/path, never the key itself (site.yaml is committed)", lines["secret"]))
	}
	if nt := in.Notify; nt != nil {
		l := lines["notify"]
		if len(nt.To) == 0 || nt.From == "" || nt.Host == "" {
			errs = append(errs, fmt.Sprintf("line %d: intake notify: give to: [addresses], from: and host: (the SMTP server)", l))
		}
		for _, a := range append(append([]string{}, nt.To...), nt.From) {
			if a != "" && (!strings.Contains(a, "@") || strings.ContainsAny(a, " \t\r\n<>")) {
				errs = append(errs, fmt.Sprintf("line %d: intake notify: %q is not an e-mail address", l, a))
			}
		}
		switch nt.TLS {
		case "", "starttls", "tls", "none":
		default:
			errs = append(errs, fmt.Sprintf("line %d: intake notify tls %q: want starttls (the default), tls (port 465) or none (a relay on this machine)", l, nt.TLS))
		}
		if nt.Port < 0 || nt.Port > 65535 {
			errs = append(errs, fmt.Sprintf("line %d: intake notify port %d: want 1 to 65535", l, nt.Port))
		}
	}
	for _, p := range in.TrustProxy {
		if _, err := ParseProxy(p); err != nil {
			errs = append(errs, fmt.Sprintf("line %d: intake trustProxy: %v", lines["trustProxy"], err))
		}
	}
	if in.Limits.IPv6Prefix != 0 && (in.Limits.IPv6Prefix < 32 || in.Limits.IPv6Prefix > 128) {
		errs = append(errs, fmt.Sprintf("line %d: intake limits ipv6Prefix %d: want 32 to 128 (64 is one household or phone)", lines["limits"], in.Limits.IPv6Prefix))
	}
	return typeError(errs)
}

// ParseProxy reads one trustProxy entry: an address (10.0.0.5, ::1) or a
// CIDR (10.0.0.0/8).
func ParseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an address or CIDR such as 127.0.0.1 or 10.0.0.0/8", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or CIDR such as 127.0.0.1 or 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func isAbsHTTP(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \t\r\n")
}

// unknownKeys returns yaml.v3-style "field x not found" messages for keys
// of the mapping n that v's struct tags do not name. yaml.v3 does not
// carry KnownFields into Node.Decode, so types with UnmarshalYAML check
// their keys themselves.
func unknownKeys(n *yaml.Node, v any, typ string) []string {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	known := map[string]bool{}
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			known[tag] = true
		}
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !known[k.Value] {
			out = append(out, fmt.Sprintf("line %d: field %s not found in type %s", k.Line, k.Value, typ))
		}
	}
	return out
}

func keyLines(n *yaml.Node) map[string]int {
	m := map[string]int{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = n.Content[i].Line
		}
	}
	return m
}

func decodeErrs(err error) []string {
	if err == nil {
		return nil
	}
	if te, ok := err.(*yaml.TypeError); ok {
		return te.Errors
	}
	return []string{err.Error()}
}

// typeError returns messages as a *yaml.TypeError, which yaml.v3 collects
// and keeps decoding, so every problem is reported in one run.
func typeError(msgs []string) error {
	if len(msgs) == 0 {
		return nil
	}
	return &yaml.TypeError{Errors: msgs}
}
