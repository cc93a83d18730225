#!/usr/bin/env bash
# --composed inputs in a temporary folder made here: an API split over files (two descriptions and
# a shared schema file their $refs point into). Moving an operation to another file is no change;
# a real change inside one file is found and located in that file; an operation defined twice on
# one side is noted; either side may be REV:pattern, read from a git revision (a repository made
# here); a pattern matching nothing, a folder or revision git lacks and a broken description fail
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
# REV:pattern: each side may be a git revision of the files, in a repository made here.
command -v git >/dev/null || { echo "SKIPPED: git not installed"; exit 77; }
mkdir -p "$work/repo" && (cd "$work/repo" && git init -q && git config user.email t@t && git config user.name t &&
  cp -r "$work/old/specs" specs && git add -A && git commit -qm old) || { echo "FAIL: git setup"; fail=1; }
rm -rf "$work/repo/specs" && cp -r "$work/old/specs" "$work/repo/specs" && mkdir -p "$work/repo/specs/animals" &&
  mv "$work/repo/specs/pets/pets.yaml" "$work/repo/specs/animals/pets.yaml" && rmdir "$work/repo/specs/pets"
sed -i 's|\.\./shared/pet.yaml|../shared/pet.yaml|' "$work/repo/specs/animals/pets.yaml"
cd "$work/repo"
check "HEAD:pattern, a file moved in the working tree: no change" 0 "No changes" --composed 'HEAD:specs/**/*.yaml' 'specs/**/*.yaml'
printf 'Pet:\n  type: object\n  required: [id]\n  properties:\n    id: {type: integer}\n' > specs/shared/pet.yaml
check "HEAD:pattern as the revision: located in REV:path" 1 '"source": "HEAD:specs/shared/pet.yaml:' --format json --fail-on info --composed 'specs/**/*.yaml' 'HEAD:specs/**/*.yaml'
check "HEAD:pattern as the base: the removal found" 1 "property 'name' removed" --composed 'HEAD:specs/**/*.yaml' 'specs/**/*.yaml'
check "a folder the revision lacks" 3 "revision HEAD has no folder nope" --composed 'HEAD:nope/**/*.yaml' 'specs/**/*.yaml'
check "an unknown revision" 3 "unknown revision 'v9'" --composed 'v9:specs/**/*.yaml' 'specs/**/*.yaml'
cd "$work"
printf 'openapi: 3.0.3\npaths: [\n' > new/specs/animals/broken.yaml
check "a broken description names its file" 3 "new/specs/animals/broken.yaml:" --composed 'old/specs/**/*.yaml' 'new/specs/**/*.yaml'
[[ $fail == 0 ]] && echo "ok: --composed inputs"
exit $fail
