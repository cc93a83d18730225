# Shared by the mock integration scripts: start a mock, check answers, stop it by PID.
set -u
sonde=$1
spec=$2
command -v curl >/dev/null || { echo "SKIPPED: curl not installed"; exit 77; }
work=$(mktemp -d)
mock_pid=""
failures=0
cleanup() { [[ -n $mock_pid ]] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_mock() {  # start_mock [sonde mock options...]; sets $url
  "$sonde" mock "$spec" "$@" >"$work/stdout" 2>"$work/stderr" &
  mock_pid=$!
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$work/stdout" 2>/dev/null)
    [[ -n $url ]] && return 0
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "FAIL: the mock did not start"; cat "$work/stderr"; exit 1
}

stop_mock() {  # stops with SIGTERM and expects exit 0
  kill -TERM "$mock_pid"
  wait "$mock_pid"
  local code=$?
  mock_pid=""
  expect "exit status after SIGTERM" 0 "$code"
}

expect() {  # expect <what> <want> <got>
  if [[ "$2" == "$3" ]]; then echo "ok: $1 = $3"
  else echo "FAIL: $1: want $2, got $3"; failures=$((failures + 1)); fi
}

expect_contains() {  # expect_contains <what> <needle> <haystack>
  if [[ "$3" == *"$2"* ]]; then echo "ok: $1 contains $2"
  else echo "FAIL: $1: '$2' not in: $3"; failures=$((failures + 1)); fi
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

finish() { [[ $failures -eq 0 ]] && echo "all checks passed" || echo "$failures check(s) failed"; exit $((failures > 0)); }
