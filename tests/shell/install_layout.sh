#!/usr/bin/env bash
# `cmake --install` puts the binary, every man page and the three completions where Debian's
# man, bash-completion, zsh and fish look for them.
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
exit $fail
