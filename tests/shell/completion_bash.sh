#!/usr/bin/env bash
# Loads completions/sonde.bash in a real bash and completes a subcommand, an option and a value.
set -u
root=$1
command -v bash >/dev/null || { echo "SKIPPED: bash not installed"; exit 77; }
source "$root/completions/sonde.bash"
fail=0
expect() {  # expect "<words...>" <word expected among the candidates>
  local line=$1 want=$2
  read -r -a COMP_WORDS <<<"$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _sonde
  if [[ " ${COMPREPLY[*]} " != *" $want "* ]]; then
    echo "FAIL: '$line<TAB>' offered [${COMPREPLY[*]}], expected $want"; fail=1
  else
    echo "ok: '$line<TAB>' offers $want"
  fi
}
expect "sonde di" diff
expect "sonde d" dns
expect "sonde diff --for" --format
expect "sonde diff --format " json
expect "sonde --col" --color
expect "sonde --color " never
exit $fail
