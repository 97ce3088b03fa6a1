package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

// notifier mails the moderators about new submissions from one
// goroutine, so a post never waits for the mail server: a job is queued
// (dropped, and logged, when the queue is full), sent, and tried again
// after each backoff when it fails; every failure is logged, and so is
// giving up.
type notifier struct {
	cfg     forms.Notify
	lang    string
	tls     *tls.Config
	backoff []time.Duration
	log     *slog.Logger
	jobs    chan *mail
	done    chan struct{}
	pending atomic.Int64 // queued or being delivered
	stop    context.CancelFunc
	ctx     context.Context
}

type mail struct {
	id      string
	subject string
	body    string
}

// notifyTexts are the mail's words per language; the site's default
// language is used.
var notifyTexts = map[string][4]string{
	"sv": {"Ny inskickning", "Mottagen", "Språk", "Granska den med"},
	"da": {"Ny indsendelse", "Modtaget", "Sprog", "Se den med"},
	"en": {"New submission", "Received", "Language", "Review it with"},
}

func newNotifier(cfg forms.Notify, lang string, opt Options, log *slog.Logger) *notifier {
	ctx, stop := context.WithCancel(context.Background())
	n := &notifier{cfg: cfg, lang: lang, tls: opt.NotifyTLS, backoff: opt.NotifyBackoff, log: log,
		jobs: make(chan *mail, 1000), done: make(chan struct{}), ctx: ctx, stop: stop}
	if n.backoff == nil {
		n.backoff = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, 2 * time.Hour}
	}
	if n.cfg.TLS == "" {
		n.cfg.TLS = "starttls"
	}
	if n.cfg.Port == 0 {
		n.cfg.Port = map[string]int{"starttls": 587, "tls": 465, "none": 25}[n.cfg.TLS]
	}
	if n.tls == nil {
		n.tls = &tls.Config{}
	}
	n.tls = n.tls.Clone()
	n.tls.ServerName = cfg.Host
	n.tls.MinVersion = tls.VersionTLS12
	go n.run()
	return n
}

// queue adds the mail about one stored submission; it never blocks.
func (n *notifier) queue(f *forms.Form, sub *Submission) {
	t, ok := notifyTexts[n.lang]
	if !ok {
		t = notifyTexts["en"]
	}
	title := f.Title.Get(n.lang, n.lang)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\nID: %s\n%s: %s\n%s: %s\n", t[0], title, sub.ID, t[1], sub.Received.UTC().Format("2006-01-02 15:04 UTC"), t[2], sub.Lang)
	include := map[string]bool{}
	for _, name := range n.cfg.IncludeFields {
		include[name] = true
	}
	var vals []Value
	for _, v := range append(append([]Value{}, sub.Fields...), sub.Private...) {
		if include[v.Name] {
			vals = append(vals, v)
		}
	}
	if len(vals) > 0 {
		b.WriteString("\n")
		for _, fd := range f.Fields {
			for _, v := range vals {
				if v.Name == fd.Name {
					fmt.Fprintf(&b, "%s: %v\n", fd.Label.Get(n.lang, n.lang), v.Value)
				}
			}
		}
	}
	fmt.Fprintf(&b, "\n%s:\n  deltag intake show %s\n  deltag intake approve %s\n", t[3], sub.ID, sub.ID)
	m := &mail{id: sub.ID, subject: t[0] + ": " + title, body: b.String()}
	n.pending.Add(1)
	select {
	case n.jobs <- m:
	default:
		n.pending.Add(-1)
		n.log.Error("intake: notify queue full; no mail for this submission", "id", sub.ID)
	}
}

func (n *notifier) run() {
	defer close(n.done)
	for {
		select {
		case <-n.ctx.Done():
			return
		case m := <-n.jobs:
			n.deliver(m)
			n.pending.Add(-1)
		}
	}
}

// deliver sends one mail, trying again after each backoff.
func (n *notifier) deliver(m *mail) {
	for try := 0; ; try++ {
		err := n.send(m)
		if err == nil {
			n.log.Info("intake: moderators notified", "id", m.id, "to", strings.Join(n.cfg.To, ","))
			return
		}
		if try >= len(n.backoff) {
			n.log.Error("intake: notify failed; giving up", "id", m.id, "tries", try+1, "err", err)
			return
		}
		n.log.Warn("intake: notify failed; will retry", "id", m.id, "try", try+1, "in", n.backoff[try], "err", err)
		select {
		case <-n.ctx.Done():
			n.log.Error("intake: notify not sent before shutdown", "id", m.id)
			return
		case <-time.After(n.backoff[try]):
		}
	}
}

// close stops the sender, giving queued mails until ctx ends.
func (n *notifier) close(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			n.stop()
			<-n.done
			return
		default:
		}
		if n.pending.Load() == 0 {
			n.stop()
			<-n.done
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (n *notifier) send(m *mail) error {
	addr := net.JoinHostPort(n.cfg.Host, strconv.Itoa(n.cfg.Port))
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(n.ctx, "tcp", addr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	if n.cfg.TLS == "tls" {
		conn = tls.Client(conn, n.tls)
	}
	c, err := smtp.NewClient(conn, n.cfg.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if n.cfg.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New(addr + " offers no STARTTLS; nothing sent (set intake.notify.tls: none only for a relay on this machine)")
		}
		if err := c.StartTLS(n.tls); err != nil {
			return err
		}
	}
	if user := os.Getenv("DELTAG_SMTP_USER"); user != "" {
		if err := c.Auth(smtp.PlainAuth("", user, os.Getenv("DELTAG_SMTP_PASSWORD"), n.cfg.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(n.cfg.From); err != nil {
		return err
	}
	for _, to := range n.cfg.To {
		if err := c.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(n.message(m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message is the mail as sent: UTF-8 text, quoted-printable.
func (n *notifier) message(m *mail) []byte {
	var b bytes.Buffer
	var rnd [8]byte
	rand.Read(rnd[:])
	host := n.cfg.From[strings.LastIndexByte(n.cfg.From, '@')+1:]
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s.%s@%s>\r\n",
		n.cfg.From, strings.Join(n.cfg.To, ", "), mime.QEncoding.Encode("utf-8", m.subject),
		time.Now().UTC().Format(time.RFC1123Z), m.id, hex.EncodeToString(rnd[:]), host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(m.body, "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}
