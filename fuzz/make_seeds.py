#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target into OUTDIR, from the project's own fixtures.

Seeds are assembled at run time rather than copied into fuzz/, so they follow the fixtures as the
tests change. Hand-written seeds in fuzz/seeds/<target>/ and crash inputs in
fuzz/regressions/<target>/ are passed to the fuzzer as further folders by scripts/fuzz.

usage: make_seeds.py TARGET OUTDIR
"""
import hashlib
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_SEED = 256 * 1024  # libFuzzer's default -max_len follows the seeds; huge files only slow it


def tracked(*patterns):
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", *patterns], capture_output=True, text=True)
    if out.returncode != 0:  # a tarball without git: walk the tree
        files = []
        for pattern in patterns:
            files += [str(p.relative_to(ROOT)) for p in ROOT.glob("**/" + pattern.lstrip("*").lstrip("/") if pattern.startswith("*") else pattern)]
        return sorted(set(files))
    return [line for line in out.stdout.splitlines() if line]


def read(path):
    data = (ROOT / path).read_bytes()
    return data if len(data) <= MAX_SEED else None


def descriptions():
    for path in tracked("*.yaml", "*.yml", "*.json"):
        if "/golden/" in path and path.rsplit("/", 1)[-1] in ("stdout", "stderr"):
            continue
        data = read(path)
        if data and (b"openapi" in data[:4096] or b"swagger" in data[:4096]):
            yield data


def parsed_descriptions():
    import json
    try:
        import yaml  # python3-yaml (scripts/install-deps --test); JSON fixtures alone without it
    except ImportError:
        yaml = None
    for path in tracked("*.yaml", "*.yml", "*.json"):
        data = read(path)
        if not data or (b"openapi" not in data[:4096] and b"swagger" not in data[:4096]):
            continue
        try:
            doc = json.loads(data) if path.endswith(".json") else (yaml.safe_load(data) if yaml else None)
        except Exception:  # fixtures of malformed descriptions are meant to fail
            continue
        if isinstance(doc, dict):
            yield doc


def seeds(target):
    if target == "openapi_load":
        yield from descriptions()
    elif target == "diff":
        for base in sorted((ROOT / "tests/diff-rules").glob("*/base.*")):
            revisions = sorted(base.parent.glob("revision.*"))
            if revisions:
                yield base.read_bytes() + b"\n#--revision--\n" + revisions[0].read_bytes()
        yield from descriptions()
    elif target == "json_validate":
        # Each description's component schemas, with an example instance when one is written.
        for doc in parsed_descriptions():
            schemas = doc.get("components", {}).get("schemas", {}) if isinstance(doc, dict) else {}
            for schema in list(schemas.values())[:20]:
                instance = schema.get("example", {}) if isinstance(schema, dict) else {}
                mode = b"\x01" if str(doc.get("openapi", "")).startswith("3.1") else b"\x00"
                yield mode + json.dumps(schema, default=str).encode() + b"\n#--instance--\n" + json.dumps(instance, default=str).encode()
    elif target == "dns_message":
        import dns_seeds
        yield from dns_seeds.messages()
        for path in tracked("tests/unit/dns/captured/*.hex"):  # replies captured from Knot and NSD
            yield bytes.fromhex((ROOT / path).read_text().strip())
    elif target == "har":
        for path in tracked("*.har"):
            if (data := read(path)):
                yield data
    elif target == "http_file":
        for path in tracked("*.http"):
            if (data := read(path)):
                yield data
    elif target == "hurl":
        for path in tracked("*.hurl"):
            if (data := read(path)):
                yield data
    # curl_command, mock_request, proxy_exchange, retry_headers, answer_reader: hand-written seeds only (fuzz/seeds/).


def main():
    target, outdir = sys.argv[1], pathlib.Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    count = 0
    for data in seeds(target):
        (outdir / hashlib.sha1(data).hexdigest()).write_bytes(data)
        count += 1
    print(count)


if __name__ == "__main__":
    main()
