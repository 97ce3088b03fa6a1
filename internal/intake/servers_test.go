package intake

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// The PostgreSQL and S3 backends are tested against real servers:
//
//	DELTAG_TEST_POSTGRES  a postgres:// URL of a database the tests may
//	                      create databases in (CI sets it, see
//	                      .ci/setup.d/30-stores.sh); without it the tests
//	                      start a throwaway cluster with initdb/pg_ctl
//	                      from /usr/lib/postgresql/*/bin.
//	DELTAG_TEST_S3        http://host:port of an S3 server, with
//	                      AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;
//	                      without it the tests start versitygw (on PATH or
//	                      in ~/go/bin) on loopback over a temporary folder.
//
// A missing server skips the test with the reason, and fails it when
// CI=true.

// missing skips, or fails under CI.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI: %s", msg)
	}
	t.Skipf("SKIP (not a pass): %s", msg)
}

var servers struct {
	pgOnce, s3Once sync.Once
	pgURL, pgErr   string
	s3Endpoint     string
	s3Err          string
	stops          []func()
	n              atomic.Int64
}

func stopServers() {
	for _, stop := range servers.stops {
		stop()
	}
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startPostgres starts a cluster in a temporary folder. As root it runs
// the server as the postgres user (initdb refuses root).
func startPostgres() (string, string) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		return "", "no DELTAG_TEST_POSTGRES and no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)"
	}
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "deltag-pg-")
	if err != nil {
		return "", err.Error()
	}
	os.Chmod(dir, 0o755)
	data := filepath.Join(dir, "data")
	os.Mkdir(data, 0o700)
	var prefix []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "", "running as root and no postgres user to run the server as"
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chown(dir, uid, gid)
		os.Chown(data, uid, gid)
		prefix = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(args ...string) error {
		args = append(prefix, args...)
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"); err != nil {
		return "", err.Error()
	}
	port := freePort()
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=200 -c shared_buffers=32MB", port, dir)
	if err := run(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "start"); err != nil {
		return "", err.Error()
	}
	servers.stops = append(servers.stops, func() {
		run(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), ""
}

// pgDatabase returns the URL of a new, empty database.
func pgDatabase(t testing.TB) string {
	t.Helper()
	servers.pgOnce.Do(func() {
		servers.pgURL = os.Getenv("DELTAG_TEST_POSTGRES")
		if servers.pgURL == "" {
			servers.pgURL, servers.pgErr = startPostgres()
		}
	})
	if servers.pgErr != "" {
		missing(t, "PostgreSQL: %s", servers.pgErr)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, servers.pgURL)
	if err != nil {
		missing(t, "PostgreSQL at %s: %v", redact(servers.pgURL), err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("deltag_test_%d_%d", os.Getpid(), servers.n.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	pu, err := url.Parse(servers.pgURL)
	if err != nil {
		t.Fatal(err)
	}
	pu.Path = "/" + name
	u := pu.String()
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, servers.pgURL)
		if err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	return u
}

const testS3Key, testS3Secret = "deltagtestkey", "deltagtestsecret0123456789"

func startVersity() (string, string) {
	bin, err := exec.LookPath("versitygw")
	if err != nil {
		home, _ := os.UserHomeDir()
		bin = filepath.Join(home, "go", "bin", "versitygw")
		if _, err := os.Stat(bin); err != nil {
			return "", "no DELTAG_TEST_S3 and no versitygw (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)"
		}
	}
	dir, err := os.MkdirTemp("", "deltag-s3-")
	if err != nil {
		return "", err.Error()
	}
	os.Mkdir(filepath.Join(dir, "data"), 0o700)
	os.Mkdir(filepath.Join(dir, "meta"), 0o700)
	addr := fmt.Sprintf("127.0.0.1:%d", freePort())
	cmd := exec.Command(bin, "--port", addr, "--access", testS3Key, "--secret", testS3Secret,
		"posix", "--sidecar", filepath.Join(dir, "meta"), filepath.Join(dir, "data"))
	log, _ := os.Create(filepath.Join(dir, "log"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return "", err.Error()
	}
	servers.stops = append(servers.stops, func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
	})
	for i := 0; i < 100; i++ {
		if resp, err := http.Get("http://" + addr + "/"); err == nil {
			resp.Body.Close()
			return addr, ""
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "log"))
	return "", "versitygw did not start: " + string(out)
}

// s3Bucket returns an s3:// store URL on a new bucket, and sets the
// credentials in the environment.
func s3Bucket(t testing.TB) string {
	t.Helper()
	servers.s3Once.Do(func() {
		if e := os.Getenv("DELTAG_TEST_S3"); e != "" {
			servers.s3Endpoint = strings.TrimPrefix(e, "http://")
			return
		}
		os.Setenv("AWS_ACCESS_KEY_ID", testS3Key)
		os.Setenv("AWS_SECRET_ACCESS_KEY", testS3Secret)
		servers.s3Endpoint, servers.s3Err = startVersity()
	})
	if servers.s3Err != "" {
		missing(t, "S3: %s", servers.s3Err)
	}
	c, err := minio.New(servers.s3Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("deltag-test-%d-%d", os.Getpid(), servers.n.Add(1))
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		missing(t, "S3 at %s: %v", servers.s3Endpoint, err)
	}
	return "s3://" + name + "/intake?insecure=1&endpoint=" + servers.s3Endpoint
}

// backends are the stores every contract test runs on; each open gives
// a fresh, empty store.
var backends = []struct {
	name string
	url  func(t testing.TB) string
}{
	{"file", func(t testing.TB) string { return "file:" + filepath.Join(t.TempDir(), "store") }},
	{"postgres", pgDatabase},
	{"s3", s3Bucket},
}
