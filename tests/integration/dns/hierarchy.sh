#!/usr/bin/env bash
# Starts or stops sonde's own DNS test hierarchy: real knotd and nsd processes on 127.54.x.x
# port 53 (loopback only), plus a python listener that never answers. Used by tests.cmake as the
# CTest fixture setup/cleanup.   Usage: hierarchy.sh start|stop RUNDIR
# Exit 77 (skip) with the reason when it cannot run here (not root, knotd/nsd/dig missing).
set -u
here=$(cd "$(dirname "$0")" && pwd)
action=${1:?start|stop}
run=${2:?RUNDIR}

# name  implementation  address  zones (comma separated; "." is the root)
servers=(
  "root   knot   127.54.0.1    ."
  "tld    nsd    127.54.1.1    test"
  "tld2   nsd    127.54.2.1    example"
  "leaf   knot   127.54.10.1   good.test+signed,other.test,far.example,lame.test,slow.test,spoof.test,2.0.192.in-addr.arpa"
)
silent_addr=127.54.9.10
liar_addr=127.54.9.11

skip() { echo "SKIPPED: $*" >&2; mkdir -p "$run"; echo "$*" > "$run/unavailable"; exit 77; }

zone_file() { if [ "$1" = "." ]; then echo root.zone; else echo "$1.zone"; fi; }

write_knot() {  # dir addr zones
  local d=$1 addr=$2 z
  {
    echo "server:"
    echo "    rundir: \"$d\""
    echo "    pidfile: \"$d/knot.pid\""
    echo "    listen: $addr@53"
    echo "    nsid: \"$(basename "$d")\""
    echo "    udp-workers: 1"
    echo "    tcp-workers: 1"
    echo "    background-workers: 1"
    echo "    udp-max-payload: 1232"
    echo "database:"
    echo "    storage: \"$d/db\""
    echo "control:"
    echo "    listen: \"$d/knot.sock\""
    echo "log:"
    echo "  - target: \"$d/knot.log\""
    echo "    any: info"
    echo "template:"
    echo "  - id: default"
    echo "    storage: \"$here/zones\""
    echo "    zonefile-sync: -1"
    echo "    zonefile-load: whole"
    echo "    journal-content: none"
    echo "zone:"
    IFS=',' read -r -a zs <<< "$3"
    for z in "${zs[@]}"; do
      echo "  - domain: \"${z%+signed}\""
      echo "    file: \"$(zone_file "${z%+signed}")\""
      # Knot signs on load with keys it generates itself (DNSKEY, RRSIG, NSEC to test).
      [ "$z" != "${z%+signed}" ] && echo "    dnssec-signing: on"
    done
  } > "$d/knot.conf"
}

write_nsd() {  # dir addr zones
  local d=$1 addr=$2 z
  {
    echo "server:"
    echo "    ip-address: $addr"
    echo "    port: 53"
    echo "    do-ip6: no"
    echo "    server-count: 1"
    echo "    username: \"\""
    echo "    chroot: \"\""
    echo "    zonesdir: \"$here/zones\""
    echo "    database: \"\""
    echo "    zonelistfile: \"$d/zone.list\""
    echo "    xfrdfile: \"$d/xfrd.state\""
    echo "    xfrdir: \"$d\""
    echo "    pidfile: \"$d/nsd.pid\""
    echo "    logfile: \"$d/nsd.log\""
    echo "    nsid: \"ascii_$(basename "$d")\""
    echo "    ipv4-edns-size: 1232"
    echo "remote-control:"
    echo "    control-enable: no"
    IFS=',' read -r -a zs <<< "$3"
    for z in "${zs[@]}"; do
      echo "zone:"
      echo "    name: \"$z\""
      echo "    zonefile: \"$(zone_file "$z")\""
    done
  } > "$d/nsd.conf"
}

answers() {  # addr zone -> 0 when the server answers authoritatively
  dig +norec +time=1 +tries=1 +noall +comments @"$1" "$2" SOA 2>/dev/null | grep -q 'flags: qr aa'
}

stop_all() {
  local pf pid
  for pf in "$run"/*/*.pid; do
    [ -s "$pf" ] || continue
    pid=$(tr -dc '0-9' < "$pf")
    # Only a server of this hierarchy (its command line names a file under $run): a stale pid
    # file may name a pid that now belongs to anything.
    [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$run/" && kill "$pid" 2>/dev/null
    rm -f "$pf"
  done
  sleep 0.3
}

case "$action" in
  stop)
    stop_all
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop RUNDIR" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || skip "the DNS hierarchy binds port 53 on 127.54.x.x and needs root"
for tool in knotd nsd dig python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt: knot nsd dnsutils python3)"
done
stop_all
rm -rf "$run"
mkdir -p "$run"
for line in "${servers[@]}"; do
  read -r name impl addr zones <<< "$line"
  d="$run/$name"
  mkdir -p "$d/db"
  if [ "$impl" = knot ]; then
    write_knot "$d" "$addr" "$zones"
    knotd -c "$d/knot.conf" -d > "$d/start.log" 2>&1 || { cat "$d/start.log" "$d/knot.log" >&2; stop_all; exit 1; }
  else
    write_nsd "$d" "$addr" "$zones"
    nsd -c "$d/nsd.conf" > "$d/start.log" 2>&1 || { cat "$d/start.log" "$d/nsd.log" >&2; stop_all; exit 1; }
  fi
done
mkdir -p "$run/silent"
# launch.pid at once: the listeners write their own pid file only once bound, and a start that
# fails before then must still be able to stop them.
python3 "$here/silent.py" "$silent_addr" "$run/silent/silent.pid" > "$run/silent/silent.log" 2>&1 < /dev/null &
echo $! > "$run/silent/launch.pid"
mkdir -p "$run/liar"
python3 "$here/liar.py" "$liar_addr" "$run/liar/liar.pid" > "$run/liar/liar.log" 2>&1 < /dev/null &
echo $! > "$run/liar/launch.pid"
for line in "${servers[@]}"; do
  read -r name impl addr zones <<< "$line"
  IFS=',' read -r -a zs <<< "$zones"
  for z in "${zs[@]}"; do
    z=${z%+signed}
    for _ in $(seq 50); do answers "$addr" "$z" && break; sleep 0.1; done
    answers "$addr" "$z" || { echo "server $name ($addr) does not serve $z" >&2; cat "$run/$name"/*.log >&2; stop_all; exit 1; }
  done
done
for _ in $(seq 20); do [ -s "$run/silent/silent.pid" ] && [ -s "$run/liar/liar.pid" ] && break; sleep 0.1; done
echo "DNS test hierarchy up in $run"
