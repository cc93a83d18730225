#!/usr/bin/env bash
# libcurl (with OpenSSL and ~30 more libraries behind it), libxml2 (with ICU) and the mock's HTTP
# module are loaded on first use, not at start-up: `dns` and `diff` must never map them, while `time` must load libcurl
# (which also shows this check can fail). glibc's loader reports every library it maps under
# LD_DEBUG=files, dlopen included.
set -u
root=$1
sonde=$2
fail=0
maps() { LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -oE 'file=[^ ]+' | sort -u; }
expect() {  # expect yes|no LIBRARY -- COMMAND...
  local want=$1 lib=$2
  shift 3
  local got=no
  maps "$@" | grep -q "file=$lib" && got=yes
  if [[ $got == "$want" ]]; then echo "ok: '${*:2:2}' loads $lib: $got"
  else echo "FAIL: '${*:2:2}' loads $lib: $got (expected $want)"; fail=1; fi
}
for lib in libcurl.so.4 libssl.so.3 sonde-mock-http.so libxml2.so.2; do
  expect no "$lib" -- "$sonde" diff "$root/specs/shop-v1.yaml" "$root/specs/shop-v2.yaml"
  expect no "$lib" -- "$sonde" dns www.example.test --server 127.0.0.1:9 --timeout 100
done
expect yes libcurl.so.4 -- "$sonde" time http://127.0.0.1:9/ --timeout 1
exit $fail
