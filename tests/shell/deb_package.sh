#!/usr/bin/env bash
# CPack builds a .deb that installs the binary, man pages and completions and depends on the
# Debian runtime packages sonde links against or loads (libcurl, the mock's HTTP module).
set -u
build=$1
command -v dpkg-deb >/dev/null || { echo "SKIPPED: dpkg-deb not available"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >/dev/null 2>"$out/err" || { echo "FAIL: cpack"; cat "$out/err"; exit 1; }
deb=$(ls "$out"/*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { echo "FAIL: no .deb produced"; exit 1; }
fail=0
depends=$(dpkg-deb -f "$deb" Depends)
for pkg in libcurl4 libc-ares2 libyaml-cpp0.7 libcpp-httplib0.11; do
  if [[ $depends == *"$pkg"* ]]; then echo "ok: depends on $pkg"; else echo "FAIL: Depends lacks $pkg: $depends"; fail=1; fi
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sonde ./usr/share/man/man1/sonde.1 ./usr/share/bash-completion/completions/sonde; do
  if grep -qF " $f" <<<"$contents"; then echo "ok: contains $f"; else echo "FAIL: $deb lacks $f"; fail=1; fi
done
if grep -qE " \./usr/lib/([^/ ]+/)?sonde/sonde-mock-http\.so$" <<<"$contents"; then echo "ok: contains the mock's HTTP module"
else echo "FAIL: $deb lacks usr/lib/.../sonde/sonde-mock-http.so"; fail=1; fi
exit $fail
