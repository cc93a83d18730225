#!/usr/bin/env bash
# Fixture for the sonde time integration tests: a CA, leaf certificates (valid, expired,
# self-signed) made with openssl at test time, and Debian's nginx on free loopback ports.
#   server.sh start DIR   writes DIR/env (ports, CA path) and DIR/*.pid
#   server.sh stop DIR    stops exactly the recorded pids
# Exits 77 (skip) with a reason when nginx, openssl or python3 is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
action="$1"
dir="$2"

skip() { echo "SKIP: $*" >&2; exit 77; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

make_pki() {
  mkdir -p "$dir/pki" && cd "$dir/pki"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -subj "/CN=sonde test CA" -keyout ca.key -out ca.crt 2>/dev/null
  cat > leaf.ext <<EXT
subjectAltName=DNS:localhost,DNS:time.sonde.test,IP:127.0.0.1,IP:::1
EXT
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=time.sonde.test" \
      -keyout leaf.key -out leaf.csr 2>/dev/null
  openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 20 \
      -extfile leaf.ext -out leaf.crt 2>/dev/null
  # Only 'openssl ca' can put a certificate's dates in the past with OpenSSL 3.0.
  mkdir -p db && : > db/index && echo 01 > db/serial
  cat > ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = db/index
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=expired.sonde.test" \
      -keyout expired.key -out expired.csr 2>/dev/null
  openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in expired.csr -out expired.crt \
      -startdate 20200101000000Z -enddate 20200401000000Z 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=sonde client" \
      -keyout client.key -out client.csr 2>/dev/null
  openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 20 -out client.crt 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout self.key -out self.crt 2>/dev/null
  cd - >/dev/null
}

write_conf() {
  local pki="$dir/pki"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  default_type application/json;
  keepalive_requests 10000;
  server {
    listen 127.0.0.1:$HTTP_PORT;
    listen 127.0.0.1:$HTTP2_PORT;
    $V6_LISTEN
    listen 127.0.0.1:$HTTPS_PORT ssl http2;
    ssl_certificate $pki/leaf.crt;
    ssl_certificate_key $pki/leaf.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    include $dir/locations.conf;
  }
  server {
    listen 127.0.0.1:$TLS12_PORT ssl;
    ssl_certificate $pki/leaf.crt;
    ssl_certificate_key $pki/leaf.key;
    ssl_protocols TLSv1.2;
    include $dir/locations.conf;
  }
  server {
    listen 127.0.0.1:$MTLS_PORT ssl;
    ssl_certificate $pki/leaf.crt;
    ssl_certificate_key $pki/leaf.key;
    ssl_client_certificate $pki/ca.crt;
    ssl_verify_client optional;
    location = /whoami {
      if (\$ssl_client_verify != SUCCESS) { return 401 '{"client":null}'; }
      return 200 '{"client":"\$ssl_client_s_dn"}';
    }
  }
  server {
    listen 127.0.0.1:$EXPIRED_PORT ssl;
    ssl_certificate $pki/expired.crt;
    ssl_certificate_key $pki/expired.key;
    include $dir/locations.conf;
  }
  server {
    listen 127.0.0.1:$SELF_PORT ssl;
    ssl_certificate $pki/self.crt;
    ssl_certificate_key $pki/self.key;
    include $dir/locations.conf;
  }
}
CONF
  cat > "$dir/locations.conf" <<CONF
location = /json { return 200 '{"ok":true,"service":"sonde-time-test"}'; }
location = /redirect { return 302 /json; }
location = /redirect2 { return 301 /redirect; }
location = /redirect/https { return 302 https://localhost:$HTTPS_PORT/json; }
location /delay/ { proxy_pass http://127.0.0.1:$DELAY_PORT; proxy_http_version 1.1; }
# Which credentials reached this origin, told by the status: 401 Authorization, 402 Cookie,
# 403 X-Api-Key, 407 Proxy-Authorization, 200 none.
location = /credentials {
  if (\$http_authorization) { return 401; }
  if (\$http_cookie) { return 402; }
  if (\$http_x_api_key) { return 403; }
  if (\$http_proxy_authorization) { return 407; }
  return 200 '{"credentials":"none"}';
}
location = /redirect/same-origin { return 302 /credentials; }
location = /redirect/other-host { return 302 http://localhost:$HTTP_PORT/credentials; }
location = /redirect/other-host-307 { return 307 http://localhost:$HTTP_PORT/credentials; }
location = /redirect/other-port { return 302 http://127.0.0.1:$HTTP2_PORT/credentials; }
location = /loop { return 302 /loop; }
CONF
}

start() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || skip "nginx is not installed (apt-get install nginx)"
  command -v openssl >/dev/null || skip "openssl is not installed"
  command -v python3 >/dev/null || skip "python3 is not installed"
  local nginx_bin; nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  [ -d "$dir" ] && stop  # a previous run that was interrupted before its cleanup
  rm -rf "$dir" && mkdir -p "$dir/tmp"
  make_pki
  # A start that fails half-way (no env file yet) stops what it launched.
  trap '[ -s "$dir/env" ] || stop' EXIT
  python3 "$here/delay_server.py" "$dir/delay.port" >/dev/null 2>&1 &
  echo $! > "$dir/delay.pid"
  for _ in $(seq 50); do [ -s "$dir/delay.port" ] && break; sleep 0.1; done
  DELAY_PORT="$(cat "$dir/delay.port")"
  HTTP_PORT=$(free_port); HTTP2_PORT=$(free_port); HTTPS_PORT=$(free_port); TLS12_PORT=$(free_port)
  EXPIRED_PORT=$(free_port); SELF_PORT=$(free_port); MTLS_PORT=$(free_port)
  V6_LISTEN=""; HAS_IPV6=0
  if ip -6 addr show dev lo 2>/dev/null | grep -q '::1/128'; then V6_LISTEN="listen [::1]:$HTTP_PORT;"; HAS_IPV6=1; fi
  write_conf
  "$nginx_bin" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -t >/dev/null 2>&1 \
      || { cat "$dir/error.log" >&2; echo "nginx rejected the test configuration" >&2; exit 1; }
  "$nginx_bin" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/json" && break
    sleep 0.1
  done
  cat > "$dir/env" <<ENV
CA=$dir/pki/ca.crt
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
TLS12_PORT=$TLS12_PORT
EXPIRED_PORT=$EXPIRED_PORT
SELF_PORT=$SELF_PORT
MTLS_PORT=$MTLS_PORT
HAS_IPV6=$HAS_IPV6
CLIENT_CERT=$dir/pki/client.crt
CLIENT_KEY=$dir/pki/client.key
ENV
  echo "sonde time test servers up in $dir" >&2
}

stop() {
  local f pid
  for f in nginx.pid delay.pid; do
    [ -s "$dir/$f" ] || continue
    pid=$(tr -dc '0-9' < "$dir/$f")
    # Only our own servers (their command lines name a file in $dir): an earlier run's pid may
    # now belong to anything.
    if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/"; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$f"
  done
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: server.sh start|stop DIR" >&2; exit 2 ;;
esac
