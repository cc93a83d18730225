#!/usr/bin/env bash
set -u
sonde=$1
root=$2
out=$(SONDE=$sonde SONDE_COLOR=never bash "$root/scripts/demo" 2>&1)
code=$?
fail=0
expect() {
  if grep -qF -- "$1" <<<"$out"; then echo "ok: $1"; else echo "FAIL: the tour lacks: $1"; fail=1; fi
}
[[ $code -eq 0 ]] || { echo "FAIL: scripts/demo exited $code"; fail=1; }
expect "5 errors, 0 warnings, 4 info — breaking (--fail-on error)"
expect 'body /status: expected one of "pending", "succeeded", "failed", got "refunded"'
expect "5 exchanges: 4 passed, 1 failed"
expect "5 runs (ms)"
expect "503, Retry-After: 1; waiting"
# The third attempt succeeds (the mock's faults are seeded); when it starts depends on jitter.
if grep -qE '#3 +\+[0-9.]+ m?s +201' <<<"$out"; then echo "ok: third attempt 201"; else echo "FAIL: no 201 on attempt 3"; fail=1; fi
expect "POST /orders 201"
[[ $fail -ne 0 ]] && printf '%s\n' "--- tour output ---" "$out"
exit $fail
