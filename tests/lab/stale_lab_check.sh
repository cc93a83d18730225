#!/usr/bin/env bash
# `scripts/lab-checks start` after an interrupted run: brings the shared labs up, breaks them the
# way a killed run leaves them, runs start again, and checks that both labs run as recorded (the
# pid in each pid file is alive and answers) with no orphaned server left beside them:
#   1. SIGKILL the loopback HTTP lab's nginx master: its worker stays, holding the lab's ports;
#   2. SIGKILL one knotd of the DNS lab: its pid file stays, naming a dead process;
#   3. SIGKILL one nsd (the pid in its pid file);
#   4. lose one nsd's pid file while it runs (a cleaned /tmp, a stop cut short): it holds its port.
# Restarts the shared labs (run it when nobody else uses them). Needs root and ../shared/labs.
# Usage: tests/lab/stale_lab_check.sh     exit 0 recovered, 1 not, 77 cannot run here
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
labs=$root/../shared/labs
dns_run=${DNS_LAB_DIR:-/tmp/sonde-dns-lab}
http_run=${HTTP_LAB_DIR:-${TMPDIR:-/tmp}/sonde-http-lab}
[[ -x $labs/dns/start && -x $labs/http/start ]] || { echo "SKIPPED: no $labs"; exit 77; }
[[ $(id -u) -eq 0 ]] || { echo "SKIPPED: the labs need root"; exit 77; }
fail=0

# Daemons (parent: init) whose command line or open files are under DIR and that no pid file names.
unrecorded() {  # unrecorded DIR
  local dir=$1 pid recorded=" " f cmd
  for f in "$dir"/*/*.pid; do [[ -s $f ]] && recorded+="$(tr -dc '0-9' < "$f") "; done
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null) == 1 ]] || continue
    [[ $recorded == *" $pid "* ]] && continue
    cmd=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline")
    if [[ $cmd == *"$dir/"* || -n $(find "/proc/$pid/fd" -maxdepth 1 -lname "$dir/*" 2>/dev/null) ]]; then
      echo "  pid $pid: $cmd"
    fi
  done
}

check() {  # check <when>
  local left
  if "$labs/dns/status" >/dev/null 2>&1; then echo "ok: DNS lab up $1"; else echo "FAIL: DNS lab down $1"; fail=1; fi
  if "$labs/http/status" 2>/dev/null | grep -q '^loopback: running' \
     && curl -s -o /dev/null --max-time 2 -D - http://127.0.0.1:18080/json | grep -qi '^X-Lab-Instance: loopback'; then
    echo "ok: HTTP lab up $1"
  else echo "FAIL: HTTP lab not running as recorded $1"; fail=1; fi
  left=$(unrecorded "$dns_run"; unrecorded "$http_run")
  if [[ -z $left ]]; then echo "ok: no orphaned lab process $1"; else echo "FAIL: orphaned lab processes $1:"; echo "$left"; fail=1; fi
}

"$root/scripts/lab-checks" start || { echo "FAIL: the first start failed"; exit 1; }
check "after a clean start"

kill -KILL "$(cat "$http_run/loopback/nginx.pid")"
kill -KILL "$(cat "$dns_run/root-a/knot.pid")"
kill -KILL "$(cat "$dns_run/shop-2/nsd.pid")"
rm "$dns_run/root-b/nsd.pid"
sleep 0.5
echo "broken: nginx master, knotd root-a and nsd shop-2 killed with SIGKILL; nsd root-b's pid file removed"

"$root/scripts/lab-checks" start
echo "lab-checks start exited $?"
check "after the interrupted run"
exit $fail
