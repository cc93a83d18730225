#!/usr/bin/env bash
# Injected failures, rate limiting with Retry-After, dropped connections, latency, --fault.
source "$(dirname "$0")/lib.sh"
start_mock --fail-rate 1:502
expect "--fail-rate 1:502" 502 "$(status_of "$url/orders/1")"
stop_mock

start_mock --rate-limit 1/s
expect "first request under --rate-limit 1/s" 200 "$(status_of "$url/orders/1")"
headers=$(curl -s -i "$url/orders/1")
expect_contains "second request" "429 Too Many Requests" "$headers"
expect_contains "second request" "Retry-After: 1" "$headers"
expect_contains "second request" "RateLimit-Remaining: 0" "$headers"
stop_mock

start_mock --reset-rate 1
curl -s -o /dev/null "$url/orders/1"
code=$?
# 18: transfer closed with outstanding read data remaining (the body was cut off)
expect "curl exit code for a dropped connection" 18 "$code"
stop_mock

start_mock --fault 'getOrder=latency=200ms'
took=$(curl -s -o /dev/null -w '%{time_total}' "$url/orders/1")
expect "latency of 200ms served" yes "$(python3 -c "print('yes' if $took >= 0.2 else 'no: $took')")"
expect "other operations keep no latency" yes "$(python3 -c "print('yes' if $(curl -s -o /dev/null -w '%{time_total}' "$url/orders?limit=1") < 0.2 else 'no')")"
stop_mock
expect_contains "fault in the log" "[latency 200ms]" "$(cat "$work/stderr")"

"$sonde" mock "$spec" --fault 'nosuchop=latency=1ms' >/dev/null 2>"$work/err"
expect "--fault naming no operation exits" 2 "$?"
finish
