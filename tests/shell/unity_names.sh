#!/usr/bin/env bash
# The unity build compiles several files of a target as one: no two files may define the same
# private name (see scripts/check-unity-names). The fixture under unity_names/ shows the check
# catches such a pair.
set -u
root=$1
here=$(cd "$(dirname "$0")" && pwd)
fail=0
if out=$(python3 "$root/scripts/check-unity-names" "$here/unity_names"); then
  echo "FAIL: the fixture's two private scale() went unreported"; fail=1
elif ! grep -q "sonde::x::scale is defined privately in 2 files" <<<"$out"; then
  echo "FAIL: the fixture's report does not name sonde::x::scale:"; echo "$out"; fail=1
else
  echo "ok: a planted collision is reported"
fi
python3 "$root/scripts/check-unity-names" "$root" || fail=1
exit $fail
