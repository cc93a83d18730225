#!/usr/bin/env bash
# Loads completions/_sonde through compinit in a real interactive zsh (driven through zpty) and
# completes a subcommand, an option and a value. compadd is wrapped so every candidate is printed.
set -u
root=$1
command -v zsh >/dev/null || { echo "SKIPPED: zsh not installed (apt-get install zsh)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/complete.zsh" <<ZSH
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT=""; fpath=($root/completions \$fpath); autoload -Uz compinit; compinit -u -d $work/zcompdump'
zpty -w z 'compadd () { local -a __hits; builtin compadd -O __hits "\$@"; builtin compadd "\$@"; local h; for h in \$__hits; do print -r -- "<HIT>\$h</HIT>"; done; }'
zpty -n -w z "\$1"\$'\t'
local out line i
# zpty -r -t does not wait: poll until the completion has been printed (at most ~10 s).
for i in {1..50}; do
  sleep 0.2
  while zpty -r -t z line; do out+=\$line; done
  [[ \$out == *'<HIT>'* ]] && { sleep 0.3; while zpty -r -t z line; do out+=\$line; done; break; }
done
print -r -- \$out
zpty -d z
ZSH
fail=0
expect() {
  local line=$1 want=$2 got
  got=$(HOME=$work timeout 20 zsh -f "$work/complete.zsh" "$line" 2>&1 | grep -o '<HIT>[^<]*</HIT>' | sed 's/<HIT>\(.*\)<\/HIT>/\1/')
  if grep -qxF -- "$want" <<<"$got"; then echo "ok: '$line<TAB>' offers $want"
  else echo "FAIL: '$line<TAB>' offered [$(tr '\n' ' ' <<<"$got")], expected $want"; fail=1; fi
}
expect "sonde di" diff
expect "sonde d" dns
expect "sonde diff --for" --format
expect "sonde diff --format " json
exit $fail
