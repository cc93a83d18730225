// The peer: node + ajv 8 + ajv-formats 3 validating the same body end to end (compile, JSON.parse,
// validate). usage: NODE_PATH=/tmp/bench-peers/node_modules node ajv_validate.js SPEC.json SCHEMA BODY.json
"use strict";
const fs = require("fs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const [specPath, schemaName, bodyPath] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
// ajv's OpenAPI 3.0 support is the `nullable` keyword; strict mode would refuse `example` and x-*.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, "spec");
const validate = ajv.compile({ type: "array", items: { $ref: `spec#/components/schemas/${schemaName}` } });
const t1 = process.hrtime.bigint();
const body = JSON.parse(fs.readFileSync(bodyPath, "utf8"));
const t2 = process.hrtime.bigint();
const ok = validate(body);
const t3 = process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;
console.log(JSON.stringify({ valid: ok, errors: ok ? 0 : validate.errors.length,
                             compile_ms: ms(t0, t1), parse_ms: ms(t1, t2), validate_ms: ms(t2, t3) }));
process.exit(ok ? 0 : 1);
