#!/usr/bin/env bash
# Loads completions/sonde.fish in a real fish and completes a subcommand, an option and a value.
set -u
root=$1
command -v fish >/dev/null || { echo "SKIPPED: fish not installed (apt-get install fish)"; exit 77; }
fail=0
expect() {
  local line=$1 want=$2 got
  got=$(HOME=$(mktemp -d) fish --no-config -c "source '$root/completions/sonde.fish'; complete -C '$line'" 2>&1 | cut -f1)
  if grep -qxF -- "$want" <<<"$got"; then echo "ok: '$line<TAB>' offers $want"
  else echo "FAIL: '$line<TAB>' offered [$(tr '\n' ' ' <<<"$got")], expected $want"; fail=1; fi
}
expect "sonde di" diff
expect "sonde d" dns
expect "sonde diff --for" --format
expect "sonde diff --format " json
expect "sonde --col" --color
exit $fail
