#!/usr/bin/env bash
# Starts or stops sonde's DNSSEC test lab: zones signed at start by BIND's dnssec-signzone (fresh
# keys every time, signatures valid from an hour ago), some broken on purpose, served by knotd on
# 127.57.x.x port 53. Used by tests.cmake as the CTest fixture setup/cleanup.
#   Usage: lab.sh start|stop RUNDIR
# Exit 77 (skip) with the reason when it cannot run here (not root, a tool missing).
#
#   127.57.0.1   .                      signed (NSEC)
#   127.57.1.1   test.                  signed (NSEC3, no opt-out)
#   127.57.10.1  secure.test.           signed: the good chain, a wildcard, and a delegation without DS to
#                plain.secure.test.     unsigned, on the same server: the trace never sees its zone cut
#                insecure.test.         unsigned, no DS in test. (NSEC3 proves it)
#                badds.test.            signed, but the DS in test. is of a key the zone does not publish
#                expired.test.          signatures expired yesterday
#                future.test.           signatures valid from tomorrow
#                altered.test.          www's A changed after signing
#                nosig.test.            www's RRSIG over A removed
#                nonsec.test.           the NSEC at www removed (NODATA without proof)
#                optout.test.           NSEC3 opt-out, delegating sub.optout.test. without DS
#   127.57.20.1  sub.optout.test.       unsigned
#   127.57.99.1  every zone above, for delv (BIND 9.18's delv does not iterate: it asks one server)
#
# RUNDIR gets root.hints, root.ds and root.key (sonde --trust-anchor) and anchor.conf (delv -a).
set -u
action=${1:?start|stop}
run=${2:?RUNDIR}

children=(secure insecure badds expired future altered nosig nonsec optout)

skip() { echo "SKIPPED: $*" >&2; mkdir -p "$run"; echo "$*" > "$run/unavailable"; exit 77; }

stop_all() {
  local pf pid
  for pf in "$run"/*/knot.pid; do
    [ -s "$pf" ] || continue
    pid=$(tr -dc '0-9' < "$pf")
    [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$run/" && kill "$pid" 2>/dev/null
    rm -f "$pf"
  done
  sleep 0.3
}

case "$action" in
  stop) stop_all; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop RUNDIR" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || skip "the DNSSEC lab binds port 53 on 127.57.x.x and needs root"
for tool in knotd dig dnssec-keygen dnssec-signzone dnssec-dsfromkey named-checkzone; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt: knot bind9-utils bind9-dnsutils)"
done
stop_all
rm -rf "$run"
mkdir -p "$run/zones" "$run/keys"
z="$run/zones"
keys="$run/keys"
stamp() { date -u -d "$1" +%Y%m%d%H%M%S; }
start=$(stamp "-1 hour"); end=$(stamp "+30 days")

newkey() {  # zone -> key file base name
  dnssec-keygen -q -a ECDSAP256SHA256 -K "$keys" -n ZONE "$1"
}

sign() {  # zone file-in file-out [extra dnssec-signzone options...]
  local zone=$1 in=$2 out=$3; shift 3
  dnssec-signzone -q -S -K "$keys" -d "$keys" -P -s "${SIGN_START:-$start}" -e "${SIGN_END:-$end}" "$@" \
    -o "$zone" -f "$out.tmp" "$in" >/dev/null || return 1
  # One record per line, names in full: what the broken cases below edit.
  named-checkzone -q -D -o "$out" "$zone" "$out.tmp" && rm -f "$out.tmp"
}

leaf_zone() {  # name -> zone text served at 127.57.10.1
  cat <<ZONE
\$TTL 300
@ IN SOA ns.$1. hostmaster.$1. 1 3600 600 86400 300
@ IN NS ns.$1.
ns IN A 127.57.10.1
www IN A 192.0.2.1
*.wild IN A 192.0.2.7
ZONE
}

set -e
# Children first: their DS go into test.
for c in "${children[@]}"; do
  name=$c.test
  leaf_zone "$name" > "$z/$name.in"
  [ "$c" = optout ] && printf 'sub IN NS ns.sub.optout.test.\nns.sub IN A 127.57.20.1\n' >> "$z/$name.in"
  [ "$c" = secure ] && printf 'plain IN NS ns.plain.secure.test.\nns.plain IN A 127.57.10.1\n' >> "$z/$name.in"
  [ "$c" = insecure ] && { cp "$z/$name.in" "$z/$name.zone"; continue; }
  newkey "$name" >/dev/null
  case $c in
    expired) SIGN_START=$(stamp "-30 days") SIGN_END=$(stamp "-1 day") sign "$name" "$z/$name.in" "$z/$name.zone" ;;
    future) SIGN_START=$(stamp "+1 day") SIGN_END=$(stamp "+30 days") sign "$name" "$z/$name.in" "$z/$name.zone" ;;
    optout) sign "$name" "$z/$name.in" "$z/$name.zone" -3 - -A ;;
    *) sign "$name" "$z/$name.in" "$z/$name.zone" ;;
  esac
done
# badds: the parent's DS names a key made for the zone but never published in it.
stray=$(newkey badds.test)
dnssec-dsfromkey -2 "$keys/$stray.key" > "$keys/dsset-badds.test."
# The broken cases: edits after signing.
sed -i -E 's/^(www\.altered\.test\.\s+[0-9]+\s+IN\s+A\s+)192\.0\.2\.1$/\1192.0.2.66/' "$z/altered.test.zone"
sed -i -E '/^www\.nosig\.test\.\s+[0-9]+\s+IN\s+RRSIG\s+A\s/d' "$z/nosig.test.zone"
sed -i -E '/^www\.nonsec\.test\.\s+[0-9]+\s+IN\s+(NSEC|RRSIG\s+NSEC)\s/d' "$z/nonsec.test.zone"
grep -q '192.0.2.66' "$z/altered.test.zone"
! grep -qE '^www\.nosig\.test\.\s+[0-9]+\s+IN\s+RRSIG\s+A\s' "$z/nosig.test.zone"
! grep -qE '^www\.nonsec\.test\.\s+[0-9]+\s+IN\s+(NSEC|RRSIG\s+NSEC)\s' "$z/nonsec.test.zone"
grep -qE '^www\.nosig\.test\.\s+[0-9]+\s+IN\s+A\s' "$z/nosig.test.zone"

printf '$TTL 300\n@ IN SOA ns.plain.secure.test. hostmaster.plain.secure.test. 1 3600 600 86400 300\n@ IN NS ns.plain.secure.test.\nns IN A 127.57.10.1\nwww IN A 192.0.2.30\n' > "$z/plain.secure.test.zone"
printf '$TTL 300\n@ IN SOA ns.sub.optout.test. hostmaster.sub.optout.test. 1 3600 600 86400 300\n@ IN NS ns.sub.optout.test.\nns IN A 127.57.20.1\nwww IN A 192.0.2.20\n' > "$z/sub.optout.test.zone"

{
  printf '$TTL 3600\n@ IN SOA a.nic.test. hostmaster.nic.test. 1 3600 600 86400 300\n@ IN NS a.nic.test.\na.nic IN A 127.57.1.1\n'
  for c in "${children[@]}"; do
    printf '%s IN NS ns.%s.test.\nns.%s IN A 127.57.10.1\n' "$c" "$c" "$c"
    [ -f "$keys/dsset-$c.test." ] && cat "$keys/dsset-$c.test."
  done
} > "$z/test.in"
newkey test >/dev/null
sign test "$z/test.in" "$z/test.zone" -3 -

printf '$TTL 86400\n@ IN SOA a.root-servers.test. hostmaster.root-servers.test. 1 3600 600 86400 300\n@ IN NS a.root-servers.test.\na.root-servers.test. IN A 127.57.0.1\ntest. IN NS a.nic.test.\na.nic.test. IN A 127.57.1.1\n' > "$z/root.in"
cat "$keys/dsset-test." >> "$z/root.in"
rootkey=$(newkey .)
sign . "$z/root.in" "$z/root.zone"

printf '.  3600000  NS  a.root-servers.test.\na.root-servers.test.  3600000  A  127.57.0.1\n' > "$run/root.hints"
dnssec-dsfromkey -2 "$keys/$rootkey.key" > "$run/root.ds"
cp "$keys/$rootkey.key" "$run/root.key"  # the same anchor in DNSKEY form (with BIND's comment lines)
read -r _ _ _ tag alg dt digest < "$run/root.ds"
printf 'trust-anchors {\n  . static-ds %s %s %s "%s";\n};\n' "$tag" "$alg" "$dt" "$digest" > "$run/anchor.conf"
set +e

zone_file() { if [ "$1" = "." ]; then echo root.zone; else echo "$1.zone"; fi; }

write_knot() {  # name addr zones...
  local d="$run/$1" addr=$2 zone; shift 2
  mkdir -p "$d/db"
  {
    echo "server:"
    echo "    rundir: \"$d\""
    echo "    pidfile: \"$d/knot.pid\""
    echo "    listen: $addr@53"
    echo "    udp-workers: 1"
    echo "    tcp-workers: 1"
    echo "    background-workers: 1"
    echo "database:"
    echo "    storage: \"$d/db\""
    echo "control:"
    echo "    listen: \"$d/knot.sock\""
    echo "log:"
    echo "  - target: \"$d/knot.log\""
    echo "    any: info"
    echo "template:"
    echo "  - id: default"
    echo "    storage: \"$z\""
    echo "    zonefile-sync: -1"
    echo "    zonefile-load: whole"
    echo "    journal-content: none"
    echo "zone:"
    for zone in "$@"; do
      echo "  - domain: \"$zone\""
      echo "    file: \"$(zone_file "$zone")\""
    done
  } > "$d/knot.conf"
  knotd -c "$d/knot.conf" -d > "$d/start.log" 2>&1 || { cat "$d/start.log" "$d/knot.log" >&2; stop_all; exit 1; }
}

leaves=(plain.secure.test)
for c in "${children[@]}"; do leaves+=("$c.test"); done
write_knot root 127.57.0.1 .
write_knot tld 127.57.1.1 test
write_knot leaf 127.57.10.1 "${leaves[@]}"
write_knot sub 127.57.20.1 sub.optout.test
write_knot all 127.57.99.1 . test "${leaves[@]}" sub.optout.test

answers() { dig +norec +time=1 +tries=1 +noall +comments @"$1" "$2" SOA 2>/dev/null | grep -q 'flags: qr aa'; }
for pair in "127.57.0.1 ." "127.57.1.1 test" "127.57.10.1 secure.test" "127.57.10.1 optout.test" \
            "127.57.20.1 sub.optout.test" "127.57.99.1 nonsec.test"; do
  read -r addr zone <<< "$pair"
  for _ in $(seq 50); do answers "$addr" "$zone" && break; sleep 0.1; done
  answers "$addr" "$zone" || { echo "$addr does not serve $zone" >&2; cat "$run"/*/knot.log >&2; stop_all; exit 1; }
done
echo "DNSSEC test lab up in $run"
