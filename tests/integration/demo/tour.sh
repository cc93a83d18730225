#!/usr/bin/env bash
# Runs the whole tour with the binary under test, checks what it shows, and checks that it leaves
# nothing running: every process it starts inherits a marker in its environment, and no process
# may carry that marker once scripts/demo has returned.
set -u
sonde=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)
mark=tour-$$-$RANDOM
out=$(SONDE_TOUR_MARK=$mark SONDE=$sonde SONDE_COLOR=never bash "$root/scripts/demo" 2>&1)
code=$?
fail=0
expect() {
  if grep -qF -- "$1" <<<"$out"; then echo "ok: $1"; else echo "FAIL: the tour lacks: $1"; fail=1; fi
}
[[ $code -eq 0 ]] || { echo "FAIL: scripts/demo exited $code"; fail=1; }
expect "5 errors, 0 warnings, 4 info — breaking (--fail-on error)"
expect 'body /status: expected one of "pending", "succeeded", "failed", got "refunded"'
expect "5 exchanges: 4 passed, 1 failed"
# --generate finds the planted violation too, and that the spec does not document its 401s.
expect "FAIL response-schema-conformance  GET /payments/{paymentId}"
expect "FAIL status-code-conformance  GET /orders/{orderId}  coverage: without credentials"
expect "5 runs (ms)"
expect "503, Retry-After: 1; waiting"
# The third attempt succeeds (the mock's faults are seeded); when it starts depends on jitter.
if grep -qE '#3 +\+[0-9.]+ m?s +201' <<<"$out"; then echo "ok: third attempt 201"; else echo "FAIL: no 201 on attempt 3"; fail=1; fi
expect "POST /orders 201"
if left=$(python3 "$here/leftovers.py" "$mark"); then
  echo "ok: nothing the tour started is still running"
else
  echo "FAIL: still running after the tour returned:"; echo "$left"; fail=1
  python3 "$here/leftovers.py" "$mark" --kill >/dev/null
fi
[[ $fail -ne 0 ]] && printf '%s\n' "--- tour output ---" "$out"
exit $fail
