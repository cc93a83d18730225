#!/usr/bin/env python3
"""Writes a JSON array of GitHub `full-repository` objects, valid against the given description,
of about --mb megabytes. Values come from the schemas: every property is present (as in real API
responses), formats get valid samples, nullable values are null below the second level of nesting."""
import argparse
import json
import random

URI_PREFIX = "https://api.github.com/repos/octo-org/"


class Generator:
    def __init__(self, spec, seed):
        self.spec = spec
        self.rng = random.Random(seed)

    def resolve(self, schema):
        while "$ref" in schema:
            node = self.spec
            for token in schema["$ref"][2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def string(self, schema, name):
        fmt = schema.get("format")
        if fmt == "uri":
            return f"{URI_PREFIX}repo-{self.rng.randrange(10**6)}/{name}"
        if fmt == "date-time":
            return f"2022-0{self.rng.randrange(1, 10)}-1{self.rng.randrange(10)}T12:{self.rng.randrange(10, 60)}:00Z"
        if fmt == "email":
            return f"user{self.rng.randrange(1000)}@example.com"
        if "enum" in schema:
            return self.rng.choice([e for e in schema["enum"] if e is not None])
        example = schema.get("example")
        if isinstance(example, str):
            return example
        return f"{name}-{self.rng.randrange(10**6)}"

    def value(self, schema, name="value", depth=0):
        nullable = schema.get("nullable", False)
        schema = self.resolve(schema)
        nullable = nullable or schema.get("nullable", False)
        if nullable and depth >= 2:
            return None
        if "allOf" in schema:
            out = {}
            for part in schema["allOf"]:
                v = self.value(part, name, depth)
                if isinstance(v, dict):
                    out.update(v)
                else:
                    return v
            return out
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.value(schema[key][0], name, depth)
        t = schema.get("type", "object")
        if t == "string":
            return self.string(schema, name)
        if t == "integer":
            return self.rng.randrange(schema.get("minimum", 0), schema.get("minimum", 0) + 10**6)
        if t == "number":
            return self.rng.random() * 100
        if t == "boolean":
            return self.rng.random() < 0.5
        if t == "array":
            return [self.value(schema.get("items", {}), name, depth + 1) for _ in range(2 if depth < 2 else 0)]
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        out = {}
        for prop, sub in props.items():
            if depth >= 2 and prop not in required:
                continue
            out[prop] = self.value(sub, prop, depth + 1)
        return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--schema", default="full-repository")
    args = parser.parse_args()
    spec = json.load(open(args.spec))
    gen = Generator(spec, 42)
    root = {"$ref": f"#/components/schemas/{args.schema}"}
    samples = [json.dumps(gen.value(root), separators=(",", ":")) for _ in range(64)]
    target = int(args.mb * 1_000_000)
    written = 0
    with open(args.out, "w") as f:
        f.write("[")
        i = 0
        while written < target:
            text = samples[i % len(samples)]
            f.write(("," if i else "") + text)
            written += len(text) + 1
            i += 1
        f.write("]\n")
    print(f"{args.out}: {i} objects, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
