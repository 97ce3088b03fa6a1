package intake

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

// smtpServer starts Debian's aiosmtpd on a free port, requiring STARTTLS
// with a self-signed certificate, and delivering into a maildir. It
// returns the port, the maildir's new/ folder and a TLS config that
// trusts the certificate.
func smtpServer(t *testing.T) (int, string, *tls.Config) {
	t.Helper()
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import aiosmtpd").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-aiosmtpd is not installed (.ci/setup.d/35-smtp.sh installs it)")
		}
		t.Skip("python3-aiosmtpd is not installed")
	}
	dir := t.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(cert)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	maildir := filepath.Join(dir, "mail")
	cmd := exec.Command(py, "-m", "aiosmtpd", "-n", "-l", fmt.Sprintf("127.0.0.1:%d", port),
		"--tlscert", filepath.Join(dir, "cert.pem"), "--tlskey", filepath.Join(dir, "key.pem"),
		"-c", "aiosmtpd.handlers.Mailbox", maildir)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatalf("aiosmtpd did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return port, filepath.Join(maildir, "new"), &tls.Config{RootCAs: roots}
}

func notifySite(t *testing.T, notify string) *fixture {
	t.Helper()
	site := writeSite(t, "  trustProxy: true\n", "  trustProxy: true\n"+notify)
	dir := filepath.Join(t.TempDir(), "store")
	store, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return &fixture{store: store, dir: dir, site: site, clock: &clock{t: time.Now()}, h: nil}
}

// TestNotify: over STARTTLS, the moderators get exactly one mail per
// accepted submission — none for spam, none for a retried post — in the
// site's default language, with the included field and no personal
// data.
func TestNotify(t *testing.T) {
	port, maildir, tlsCfg := smtpServer(t)
	f := notifySite(t, fmt.Sprintf("  notify: {to: [moderator@example.dk], from: intake@example.dk, host: 127.0.0.1, port: %d, includeFields: [activity]}\n", port))
	var logs strings.Builder
	h, err := New(loadSite(t, f.site), f.store, Options{Secret: testSecret, Limits: &defaultTestLimits, NotifyTLS: tlsCfg, NotifyBackoff: []time.Duration{100 * time.Millisecond},
		Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	start := time.Now()
	for _, w := range []int{f.post(poolValues(1)).Code, f.post(poolValues(2)).Code, f.post(poolValues(1)).Code, f.post(with(poolValues(3), "website", "http://spam.example")).Code} {
		if w != 303 {
			t.Fatalf("post: %d", w)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("four posts took %v: sending must not hold up a post", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	h.Close(ctx)
	mails, _ := os.ReadDir(maildir)
	if len(mails) != 2 {
		t.Fatalf("got %d mails, want 2 (one per accepted post, none for spam or a retry); log:\n%s", len(mails), logs.String())
	}
	var all string
	for _, m := range mails {
		b, _ := os.ReadFile(filepath.Join(maildir, m.Name()))
		all += string(b)
		if !strings.Contains(string(b), "Subject: =?utf-8?q?Ny_inskickning:_Ans=C3=B6k") {
			t.Errorf("mail subject not in Swedish (the default language):\n%s", b)
		}
	}
	for _, want := range []string{"Aktivitetens namn: Havedag 1", "Aktivitetens namn: Havedag 2", "deltag intake show 2", "To: moderator@example.dk"} {
		if !strings.Contains(all, want) {
			t.Errorf("mails lack %q:\n%s", want, all)
		}
	}
	for _, personal := range []string{"Herdis", "herdis@example.dk", "Havedag 3"} {
		if strings.Contains(all, personal) {
			t.Errorf("mails hold %q", personal)
		}
	}
}

// TestNotifyNeedsSTARTTLS: a server without STARTTLS gets nothing (the
// default tls: starttls), the post is stored and answered all the same,
// and the failure is logged with each retry.
func TestNotifyNeedsSTARTTLS(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() { // a plain SMTP server that offers no STARTTLS
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				fmt.Fprint(c, "220 plain ESMTP\r\n")
				buf := make([]byte, 512)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					switch cmd := strings.ToUpper(string(buf[:n])); {
					case strings.HasPrefix(cmd, "EHLO"):
						fmt.Fprint(c, "250-plain\r\n250 8BITMIME\r\n")
					case strings.HasPrefix(cmd, "QUIT"):
						fmt.Fprint(c, "221 bye\r\n")
						return
					default:
						fmt.Fprint(c, "250 ok\r\n")
					}
				}
			}()
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	f := notifySite(t, fmt.Sprintf("  notify: {to: [m@example.dk], from: i@example.dk, host: 127.0.0.1, port: %d}\n", port))
	var logs strings.Builder
	lw := &lockedWriter{w: &logs}
	h, err := New(loadSite(t, f.site), f.store, Options{Secret: testSecret, Limits: &defaultTestLimits, NotifyBackoff: []time.Duration{10 * time.Millisecond},
		Log: slog.New(slog.NewTextHandler(lw, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	if w := f.post(poolValues(1)); w.Code != 303 {
		t.Fatalf("post: %d", w.Code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h.Close(ctx)
	lw.mu.Lock()
	got := logs.String()
	lw.mu.Unlock()
	for _, want := range []string{"offers no STARTTLS; nothing sent", "will retry", "giving up"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	f.only(t, false)
}

var defaultTestLimits = forms.Limits{PerIP: 1000, Global: 100000}

// lockedWriter lets the notifier's goroutine and the test share a log.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
