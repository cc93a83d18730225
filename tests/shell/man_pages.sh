#!/usr/bin/env bash
# Every man page renders without a single warning from man/groff.
set -u
root=$1
command -v man >/dev/null || { echo "SKIPPED: man not installed (apt-get install man-db)"; exit 77; }
fail=0
for page in "$root"/man/*.1; do
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  if [[ -n $warnings ]]; then echo "FAIL: $page: $warnings"; fail=1; else echo "ok: $page"; fi
done
for sub in dns time replay check diff mock; do
  [[ -f $root/man/sonde-$sub.1 ]] || { echo "FAIL: man/sonde-$sub.1 is missing"; fail=1; }
done
exit $fail
