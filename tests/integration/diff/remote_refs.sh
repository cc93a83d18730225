#!/usr/bin/env bash
# Remote $refs against a real loopback server: never fetched without --allow-remote-refs (the
# server must see no request), fetched and diffed with it, and a dead URL is exit 4.
set -u
sonde=$1 state=$2
[[ -f $state/port ]] || { echo "SKIPPED: the loopback server did not start"; exit 77; }
port=$(cat "$state/port")
for v in 1 2; do
  cat > "$state/spec-v$v.yaml" <<YAML
openapi: 3.0.3
info: {title: remote, version: "$v"}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {\$ref: 'http://127.0.0.1:$port/pet-v$v.yaml#/Pet'}}}
YAML
done
fail=0
out=$("$sonde" diff "$state/spec-v1.yaml" "$state/spec-v2.yaml" 2>&1); rc=$?
[[ $rc == 3 && $out == *"is not fetched"* ]] || { echo "FAIL: without the flag: exit $rc: $out"; fail=1; }
[[ ! -s $state/requests.log ]] || { echo "FAIL: the server was contacted without --allow-remote-refs"; fail=1; }
out=$("$sonde" diff --allow-remote-refs --format json "$state/spec-v1.yaml" "$state/spec-v2.yaml" 2>&1); rc=$?
[[ $rc == 1 && $out == *'"id": "response-property-became-optional"'* ]] || { echo "FAIL: with the flag: exit $rc: $out"; fail=1; }
grep -q "/pet-v2.yaml" "$state/requests.log" || { echo "FAIL: the server never saw the fetch"; fail=1; }
sed -i "s|:$port/pet-v2.yaml|:$port/missing.yaml|" "$state/spec-v2.yaml"
out=$("$sonde" diff --allow-remote-refs "$state/spec-v1.yaml" "$state/spec-v2.yaml" 2>&1); rc=$?
[[ $rc == 4 && $out == *"cannot fetch remote"* ]] || { echo "FAIL: a 404: exit $rc: $out"; fail=1; }
[[ $fail == 0 ]] && echo "ok: remote refs refused without the flag, fetched with it, 404 is exit 4"
exit $fail
