#!/usr/bin/env bash
# Routing, examples, Prefer, 404/405/401/400/415, and the request log on stderr.
source "$(dirname "$0")/lib.sh"
start_mock --seed 3
auth=(-H 'Authorization: Bearer t' -H 'Content-Type: application/json')
order='{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":5,"status":"pending"}'
expect "GET /orders?limit=1" 200 "$(status_of "$url/orders?limit=1")"
expect "POST /orders body total" 5 "$(curl -s "${auth[@]}" -d "$order" "$url/orders" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
expect "Prefer: example=large" 500 "$(curl -s "${auth[@]}" -H 'Prefer: example=large' -d "$order" "$url/orders" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
expect "Prefer: code=404" 404 "$(status_of -H 'Prefer: code=404' "$url/orders/1")"
expect "unknown path" 404 "$(status_of "$url/customers")"
headers=$(curl -s -i -X DELETE "$url/orders")
expect_contains "405 response" "405 Method Not Allowed" "$headers"
expect_contains "405 response" "Allow: GET, HEAD, POST" "$headers"
# TRACE reaches the mock too (httplib itself would answer a bare 400): a 405 naming the methods.
headers=$(curl -s -i -X TRACE "$url/orders")
expect_contains "TRACE is a 405 from the mock" "405 Method Not Allowed" "$headers"
expect_contains "TRACE is a 405 from the mock" "Allow: GET, HEAD, POST" "$headers"
# Methods httplib has no name for (WebDAV's PROPFIND, QUERY, an extension) are the mock's to answer
# too; a body sent with one is read, and the connection goes on: a second URL on the same curl
# command reuses it (curl -w prints one status per transfer).
expect_contains "PROPFIND is a 405 from the mock" "Allow: GET, HEAD, POST" "$(curl -s -i -X PROPFIND "$url/orders")"
expect "QUERY with a body, then GET, on one connection" "405:1 200:0" \
  "$(curl -s -o /dev/null -w '%{http_code}:%{num_connects} ' -X QUERY -d '{"total": 5}' "$url/orders" \
     --next -s -o /dev/null -w '%{http_code}:%{num_connects} ' "$url/orders?limit=1" | xargs)"
expect "a one-letter extension method" 405 "$(status_of -X M "$url/orders")"
expect "POST without credentials" 401 "$(status_of -H 'Content-Type: application/json' -d "$order" "$url/orders")"
expect "missing required query parameter" 400 "$(status_of "$url/orders")"
expect "text/plain body" 415 "$(status_of -H 'Authorization: Bearer t' -H 'Content-Type: text/plain' -d x "$url/orders")"
expect_contains "problem+json body" '"pointer":"/query/limit"' "$(curl -s "$url/orders")"
# A multipart/form-data body is checked part by part as the client sent it (httplib would parse it
# away and leave the mock an empty body).
printf '%%PDF-1.4 scan' > "$work/scan.pdf"
attach=(-H 'Authorization: Bearer t' -F "file=@$work/scan.pdf;type=application/pdf")
expect "multipart body that matches" 201 "$(status_of "${attach[@]}" -F caption=receipt "$url/orders/1/attachments")"
expect_contains "multipart part that breaks its schema" '"pointer":"/body/caption"' \
  "$(curl -s "${attach[@]}" -F caption=a-caption-longer-than-twenty "$url/orders/1/attachments")"
expect_contains "multipart body without its required part" 'expected property \"file\"' \
  "$(curl -s -H 'Authorization: Bearer t' -F caption=receipt "$url/orders/1/attachments")"
stop_mock
expect_contains "request log" "GET /orders?limit=1 200" "$(cat "$work/stderr")"
expect_contains "request log" "GET /orders/{orderId}" "$(cat "$work/stderr")"
expect_contains "request log: the method as sent" "QUERY /orders 405" "$(cat "$work/stderr")"
# --no-validate-requests: the same requests are answered; credentials are still required.
start_mock --seed 3 --no-validate-requests
expect "no validation: missing query parameter" 200 "$(status_of "$url/orders")"
expect "no validation: text/plain body" 201 "$(status_of -H 'Authorization: Bearer t' -H 'Content-Type: text/plain' -d x "$url/orders")"
expect "no validation: still 401 without credentials" 401 "$(status_of -H 'Content-Type: application/json' -d "$order" "$url/orders")"
stop_mock
finish
