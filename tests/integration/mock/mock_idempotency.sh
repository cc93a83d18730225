#!/usr/bin/env bash
# Idempotency keys: replay, 422 on another body, 409 while in flight; `off` stores nothing.
source "$(dirname "$0")/lib.sh"
auth=(-H 'Authorization: Bearer t' -H 'Content-Type: application/json')
order='{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":5,"status":"pending"}'
start_mock --fault 'createOrder=latency=400ms'
first=$(curl -s -i "${auth[@]}" -H 'Idempotency-Key: k1' -d "$order" "$url/orders")
again=$(curl -s -i "${auth[@]}" -H 'Idempotency-Key: k1' -d "$order" "$url/orders")
expect_contains "first response" "201 Created" "$first"
expect_contains "replayed response" "Idempotent-Replayed: true" "$again"
expect "same body replayed" "$(tail -n +2 <<<"${first##*$'\r\n\r\n'}")" "$(tail -n +2 <<<"${again##*$'\r\n\r\n'}")"
expect "same key, other body" 422 "$(status_of "${auth[@]}" -H 'Idempotency-Key: k1' -d '{"total":9}' "$url/orders")"
# Two concurrent requests with a fresh key: the second arrives while the first is in flight.
curl -s -o /dev/null -w '%{http_code}\n' "${auth[@]}" -H 'Idempotency-Key: k2' -d "$order" "$url/orders" >"$work/a" &
first_pid=$!
sleep 0.1
curl -s -o /dev/null -w '%{http_code}\n' "${auth[@]}" -H 'Idempotency-Key: k2' -d "$order" "$url/orders" >"$work/b"
wait "$first_pid"
expect "concurrent duplicates" "201 409" "$(cat "$work/a") $(cat "$work/b")"
stop_mock

start_mock --idempotency off
curl -s -o /dev/null "${auth[@]}" -H 'Idempotency-Key: k1' -d "$order" "$url/orders"
expect_contains "--idempotency off does not replay" "201" "$(curl -s -i "${auth[@]}" -H 'Idempotency-Key: k1' -d "$order" "$url/orders" | head -1)"
[[ $(curl -s -i "${auth[@]}" -H 'Idempotency-Key: k1' -d "$order" "$url/orders") == *Idempotent-Replayed* ]] && { echo "FAIL: off mode replayed"; failures=$((failures + 1)); }
stop_mock
finish
