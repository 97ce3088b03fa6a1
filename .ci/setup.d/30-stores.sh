# The intake's store backends are tested against real servers
# (internal/intake/servers_test.go): PostgreSQL from Debian and versitygw,
# an S3 server, on loopback. This script starts both once and exports
# where they are; the tests make a database or bucket each.
apt_need postgresql
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
stores_dir=${DELTAG_CI_STORES:-/var/tmp/deltag-ci-stores}
if [[ ! -f $stores_dir/pg/PG_VERSION ]]; then
	rm -rf "$stores_dir"
	mkdir -p "$stores_dir/pg" "$stores_dir/pg-run" "$stores_dir/s3/data" "$stores_dir/s3/meta"
	chown -R postgres:postgres "$stores_dir/pg" "$stores_dir/pg-run"
	chmod 755 "$stores_dir"
	runuser -u postgres -- "$pg_bin/initdb" -D "$stores_dir/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi
if ! runuser -u postgres -- "$pg_bin/pg_ctl" -D "$stores_dir/pg" status >/dev/null 2>&1; then
	runuser -u postgres -- "$pg_bin/pg_ctl" -D "$stores_dir/pg" -l "$stores_dir/pg-run/log" -w \
		-o "-h 127.0.0.1 -p 55432 -k $stores_dir/pg-run -c max_connections=300" start >/dev/null
fi
export DELTAG_TEST_POSTGRES="postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable"
"$pg_bin/postgres" --version

# versitygw from the Go module proxy, serving a folder over S3.
if ! command -v versitygw >/dev/null 2>&1 && [[ ! -x $(go env GOPATH)/bin/versitygw ]]; then
	GOFLAGS=-mod=mod go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi
vgw=$(command -v versitygw || echo "$(go env GOPATH)/bin/versitygw")
export AWS_ACCESS_KEY_ID=deltagci AWS_SECRET_ACCESS_KEY=deltagci-secret-0123456789
if ! curl -s -o /dev/null http://127.0.0.1:57070/; then
	nohup "$vgw" --port 127.0.0.1:57070 --access "$AWS_ACCESS_KEY_ID" --secret "$AWS_SECRET_ACCESS_KEY" \
		posix --sidecar "$stores_dir/s3/meta" "$stores_dir/s3/data" >"$stores_dir/s3.log" 2>&1 &
	for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:57070/ && break; sleep 0.1; done
fi
export DELTAG_TEST_S3="http://127.0.0.1:57070"
"$vgw" --version | sed -n 1p
