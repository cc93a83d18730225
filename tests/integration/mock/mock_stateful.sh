#!/usr/bin/env bash
# sonde mock --stateful: a create -> read -> update -> delete -> 404 flow run by sonde test with
# every response checked against the description; --state-file keeps resources across a restart.
here=$(dirname "$0")/stateful
source "$(dirname "$0")/lib.sh" "$1" "$here/notes.yaml"
state="$work/state.json"
start_mock --stateful --state-file "$state"
flow=$("$sonde" test --color never --spec "$spec" --variable "host=$url" "$here/flow.hurl" 2>&1)
expect "the flow passes, contract included" 0 "$?"
expect_contains "flow output" "PASS" "$flow"
[[ "$flow" == *PASS* ]] || echo "$flow"
remaining=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["collections"]["/notes"]))' "$state")
expect "state file after the flow" 1 "$remaining"
stop_mock
# A restart reads the state back: the note that survived is still there.
start_mock --state-file "$state"
survivor=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collections"]["/notes"][0]["id"])' "$state")
expect "GET after restart" 200 "$(status_of "$url/notes/$survivor")"
expect "unknown id" 404 "$(status_of "$url/notes/nope")"
stop_mock
# A state file that is not one is refused by name, before anything listens.
echo '[1, 2]' > "$work/bad.json"
out=$("$sonde" mock "$spec" --stateful --state-file "$work/bad.json" 2>&1)
expect "bad state file exit" 3 "$?"
expect_contains "bad state file message" "not a sonde mock state file" "$out"
finish
