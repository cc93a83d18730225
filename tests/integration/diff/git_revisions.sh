#!/usr/bin/env bash
# REV:path inputs in a temporary git repository made here: a description with a $ref into a
# sibling file, changed in the second commit; HEAD~1:path against the working tree finds the
# change, $refs resolve inside the revision, and bad revisions or paths are exit 3 naming them.
set -u
sonde=$1
command -v git >/dev/null || { echo "SKIPPED: git is not installed"; exit 77; }
repo=$(mktemp -d /tmp/sonde-git-rev.XXXXXX)
trap 'rm -rf "$repo"' EXIT
export GIT_AUTHOR_NAME=sonde GIT_AUTHOR_EMAIL=sonde@example.invalid GIT_COMMITTER_NAME=sonde
export GIT_COMMITTER_EMAIL=sonde@example.invalid GIT_CONFIG_NOSYSTEM=1 HOME=$repo
cd "$repo" && git init -q . && mkdir -p api
cat > api/openapi.yaml <<'YAML'
openapi: 3.0.3
info: {title: git revisions, version: "1"}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: 'pet.yaml#/Pet'}}}
YAML
printf 'Pet:\n  type: object\n  required: [id, name]\n  properties:\n    id: {type: integer}\n    name: {type: string}\n' > api/pet.yaml
git add -A && git commit -qm one
printf 'Pet:\n  type: object\n  required: [id]\n  properties:\n    id: {type: integer}\n    name: {type: string}\n' > api/pet.yaml
git commit -qam two
fail=0
check() {  # check NAME WANT_RC PATTERN ARGS...
  local name=$1 want=$2 pattern=$3; shift 3
  out=$("$sonde" diff "$@" 2>&1); rc=$?
  if [[ $rc != "$want" || $out != *$pattern* ]]; then echo "FAIL $name: exit $rc (want $want): $out"; fail=1; return 1; fi
}
check "HEAD~1 vs HEAD, refs inside each revision" 1 "response-property-became-optional" --format json HEAD~1:api/openapi.yaml HEAD:api/openapi.yaml
check "a revision against the working tree" 1 "property 'name' is no longer required" HEAD~1:api/openapi.yaml api/openapi.yaml
check "the same revision twice" 0 "No changes between HEAD~1:api/openapi.yaml and HEAD~1:api/openapi.yaml" HEAD~1:api/openapi.yaml HEAD~1:api/openapi.yaml
(cd api && check "./ is relative to the current folder" 1 "is no longer required" HEAD~1:./openapi.yaml openapi.yaml) || fail=1
check "an unknown revision" 3 "unknown revision 'nosuch': nosuch:api/openapi.yaml" nosuch:api/openapi.yaml api/openapi.yaml
check "a path the revision lacks" 3 "revision HEAD has no file api/missing.yaml" HEAD:api/missing.yaml api/openapi.yaml
check "a path that leaves the repository" 3 "the path leaves the repository" HEAD:../x.yaml api/openapi.yaml
check "a revision that looks like an option" 3 "cannot start with '-'" -- --output=x:api/openapi.yaml api/openapi.yaml
# A branch under review may commit links out of the repository: never followed.
outside_file=$(mktemp /tmp/sonde-git-outside.XXXXXX)
printf 'Pet:\n  type: object\n' > "$outside_file"
mkdir -p evil && ln -s "$outside_file" evil/openapi.yaml && ln -s "$outside_file" evil/pet.yaml
sed 's|pet.yaml#/Pet|pet.yaml#/Pet|' api/openapi.yaml > evil/spec.yaml
git add -A evil && git commit -qm links
check "a description that is a symbolic link" 3 "is a symbolic link in that revision" HEAD:evil/openapi.yaml api/openapi.yaml
check "a \$ref through a symbolic link" 3 "pet.yaml" HEAD:evil/spec.yaml api/openapi.yaml
rm -f "$outside_file"
printf 'openapi: 3.0.3\ninfo: {title: broken, version: "1"\n' > api/openapi.yaml && git commit -qam three
check "errors name REV:path, not the export" 3 "HEAD:api/openapi.yaml:" HEAD:api/openapi.yaml HEAD~1:api/openapi.yaml
leftovers=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'sonde-rev-*' -newer "$repo/.git/HEAD" 2>/dev/null | wc -l)
[[ $leftovers == 0 ]] || { echo "FAIL: $leftovers temporary exports left behind"; fail=1; }
cd / && outside=$(mktemp -d) && (cd "$outside" && out=$("$sonde" diff HEAD:a.yaml HEAD:b.yaml 2>&1); rc=$?
  [[ $rc == 3 && $out == *"not inside a git repository"* ]] || { echo "FAIL outside a repository: exit $rc: $out"; exit 1; }) || fail=1
rm -rf "$outside"
[[ $fail == 0 ]] && echo "ok: REV:path inputs"
exit $fail
