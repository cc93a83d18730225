#!/usr/bin/env bash
# `cmake --install` puts the binary, every man page and the three completions where Debian's
# man, bash-completion, zsh and fish look for them, and the mock's HTTP module where the installed
# binary finds it.
set -u
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
fail=0
for f in bin/sonde share/man/man1/sonde.1 share/man/man1/sonde-dns.1 share/man/man1/sonde-time.1 \
         share/man/man1/sonde-replay.1 share/man/man1/sonde-check.1 share/man/man1/sonde-diff.1 share/man/man1/sonde-mock.1 \
         share/bash-completion/completions/sonde share/zsh/vendor-completions/_sonde \
         share/fish/vendor_completions.d/sonde.fish; do
  if [[ -f $prefix/$f ]]; then echo "ok: $f"; else echo "FAIL: $f not installed"; fail=1; fi
done
"$prefix/bin/sonde" --version >/dev/null || { echo "FAIL: installed sonde does not run"; fail=1; }
module=$(find "$prefix" -name sonde-mock-http.so)
if [[ $module == "$prefix"/lib*/sonde/sonde-mock-http.so ]]; then echo "ok: ${module#$prefix/}"; else echo "FAIL: module at '$module'"; fail=1; fi
# The installed mock must find its module from bin/: it serves, and answers one request.
spec=$(cd "$(dirname "$0")/../.." && pwd)/specs/shop-v2.yaml
log=$prefix/mock.log
"$prefix/bin/sonde" mock "$spec" --port 0 >"$log" 2>&1 &
mock=$!
url=
for _ in $(seq 50); do
  url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
  [[ -n $url ]] && break
  sleep 0.1
done
if [[ -n $url ]] && curl -s -o /dev/null "$url/orders"; then echo "ok: installed mock serves $url"
else echo "FAIL: installed mock did not serve: $(head -3 "$log")"; fail=1; fi
kill "$mock" 2>/dev/null; wait "$mock" 2>/dev/null
# A binary copied away from its module says so (exit 4, one line naming where it looked).
lonely=$(mktemp -d)
trap 'rm -rf "$prefix" "$lonely"' EXIT
cp "$prefix/bin/sonde" "$lonely/sonde"
err=$(timeout 10 "$lonely/sonde" mock "$spec" --port 0 2>&1 >/dev/null); code=$?
if [[ $code == 4 && $err == "sonde: the mock's HTTP module is missing: $lonely/sonde-mock-http.so"* ]]; then
  echo "ok: without its module, mock exits 4: ${err%%$'\n'*}"
else echo "FAIL: without its module: exit $code: $err"; fail=1; fi
exit $fail
