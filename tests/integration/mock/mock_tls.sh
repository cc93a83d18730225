#!/usr/bin/env bash
# HTTPS with a certificate made here by openssl; a missing key is a usage error.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "SKIPPED: openssl not installed"; exit 77; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
start_mock --cert "$work/cert.pem" --key "$work/key.pem"
expect_contains "URL scheme" "https://" "$url"
expect "GET over TLS" 200 "$(status_of --cacert "$work/cert.pem" "$url/orders/1")"
stop_mock
"$sonde" mock "$spec" --cert "$work/cert.pem" >/dev/null 2>&1
expect "--cert without --key" 2 "$?"
finish
