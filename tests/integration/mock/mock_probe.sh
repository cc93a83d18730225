#!/usr/bin/env bash
# The mock is the reference server for `sonde replay --check-idempotency`: correct keys pass,
# the broken and off modes fail, with side effects counted through GET /__sonde/created.
source "$(dirname "$0")/lib.sh"
order='{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":5,"status":"pending"}'
# Runs in this shell, not in $(...): a mock started in a subshell is out of reach of the cleanup
# trap, and its pass/fail counts would be lost.
probe() {  # probe <mode>: sets $verdict to "<verdict> <exit>"
  start_mock --idempotency "$1" --latency 50ms
  local json code
  json=$("$sonde" replay --check-idempotency -X POST "$url/orders" -H 'Authorization: Bearer t' \
         -H 'Content-Type: application/json' -d "$order" --concurrency 4 --count-url "$url/__sonde/created" \
         --format json 2>/dev/null)
  code=$?
  stop_mock
  verdict="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])' <<<"$json") $code"
}
probe on
expect "--idempotency on" "pass 0" "$verdict"
probe broken
expect "--idempotency broken" "fail 1" "$verdict"
probe off
expect "--idempotency off" "fail 1" "$verdict"
finish
