#!/usr/bin/env bash
# --composed inputs in a temporary folder made here: an API split over files (two descriptions and
# a shared schema file their $refs point into). Moving an operation to another file is no change;
# a real change inside one file is found and located in that file; an operation defined twice on
# one side is noted; a pattern matching nothing, a REV:path pattern and a broken description fail
# with their documented exit codes, naming the pattern or file.
set -u
sonde=$1
work=$(mktemp -d /tmp/sonde-composed.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" && mkdir -p old/specs/pets old/specs/shared new/specs/animals new/specs/shared
pets_get='  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "../shared/pet.yaml#/Pet"}}}'
orders_get='  /orders:
    get:
      responses: {"200": {description: ok}}'
pet='Pet:
  type: object
  required: [id, name]
  properties:
    id: {type: integer}
    name: {type: string}'
head() { printf 'openapi: 3.0.3\ninfo: {title: %s, version: "1"}\npaths:\n' "$1"; }
{ head pets; echo "$pets_get"; } > old/specs/pets/pets.yaml
{ head orders; echo "$orders_get"; } > old/specs/orders.yaml
echo "$pet" > old/specs/shared/pet.yaml
# The revision moves GET /pets/{id} into animals/, next to GET /orders: no change at all.
{ head animals; echo "$pets_get"; echo "$orders_get"; } > new/specs/animals/all.yaml
echo "$pet" > new/specs/shared/pet.yaml
fail=0
check() {  # check NAME WANT_RC PATTERN ARGS...
  local name=$1 want=$2 pattern=$3; shift 3
  out=$("$sonde" diff "$@" 2>&1); rc=$?
  if [[ $rc != "$want" || $out != *$pattern* ]]; then echo "FAIL $name: exit $rc (want $want): $out"; fail=1; return 1; fi
}
check "moved operations are no change" 0 "No changes" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
check "the shared schema file is skipped with a note" 0 "not OpenAPI descriptions" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
# Without --composed each file is a description of its own: the move looks like a removal.
check "one file alone sees a removal" 1 "operation-removed" --format json --allow-outside-refs new/specs/animals/all.yaml old/specs/orders.yaml
# A real change in the shared schema, through the moved operation.
printf 'Pet:\n  type: object\n  required: [id]\n  properties:\n    id: {type: integer}\n    name: {type: string}\n' > new/specs/shared/pet.yaml
check "a change behind a moved operation" 1 "property 'name' is no longer required" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
check "located in the revision's own file" 1 '"source": "new/specs/shared/pet.yaml:' --format json --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
# An operation removed from every file of the revision.
{ head animals; echo "$pets_get"; } > new/specs/animals/all.yaml
check "an operation gone from every file" 1 "\"message\": \"GET /orders: operation removed\"" --format json --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
# Defined twice on one side: noted, the first file (in sorted order) is diffed.
{ head copy; echo "$orders_get"; } > new/specs/animals/zz-copy.yaml
{ head orders; echo "$orders_get"; } > new/specs/animals/aa-orders.yaml
check "an operation in two files is noted" 1 "GET /orders is defined in new/specs/animals/aa-orders.yaml and new/specs/animals/zz-copy.yaml" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
check "a pattern matching nothing" 3 'no file matches "new/specs/**/*.json"' --composed 'old/specs/**/*.yaml' 'new/specs/**/*.json'
check "REV:path is not a pattern" 2 "--composed takes file patterns, not REV:path" --composed 'HEAD:specs/*.yaml' 'new/specs/**/*.yaml'
printf 'openapi: 3.0.3\npaths: [\n' > new/specs/animals/broken.yaml
check "a broken description names its file" 3 "new/specs/animals/broken.yaml:" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
[[ $fail == 0 ]] && echo "ok: --composed inputs"
exit $fail
