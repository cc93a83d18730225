// The peer of suite_runner.cpp: the same JSON-Schema-Test-Suite files through ajv 8, the same
// JSON lines. usage: node ajv_suite.js --dialect 2020-12|draft4 [--remotes DIR] [--metaschemas] FILE...
// Without --remotes no document but the case's own schema is known; without --metaschemas ajv
// gets no metaschema either (meta: false), like sonde, which has none built in.
"use strict";
const fs = require("fs");
const path = require("path");

const args = process.argv.slice(2);
let dialect = "2020-12", remotesDir = null, metaschemas = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--dialect") dialect = args[++i];
  else if (args[i] === "--remotes") remotesDir = args[++i];
  else if (args[i] === "--metaschemas") metaschemas = true;
  else files.push(args[i]);
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".json")) out.push(p);
  }
  return out;
}
const remotes = remotesDir
  ? walk(remotesDir).map((p) => ["http://localhost:1234/" + path.relative(remotesDir, p).split(path.sep).join("/"),
                                  JSON.parse(fs.readFileSync(p, "utf8"))])
  : [];

function makeAjv() {
  const options = { strict: false, validateFormats: false, validateSchema: false, meta: metaschemas, logger: false };
  let ajv;
  if (dialect === "draft4") {
    const Ajv4 = require("ajv-draft-04");
    ajv = new Ajv4(options);
  } else {
    const Ajv2020 = require("ajv/dist/2020");
    ajv = new Ajv2020(options);
  }
  for (const [uri, doc] of remotes) {
    try { ajv.addSchema(doc, uri); } catch (e) { /* a remote of another draft */ }
  }
  return ajv;
}

const out = [];
for (const file of files) {
  const cases = JSON.parse(fs.readFileSync(file, "utf8"));
  cases.forEach((c, ci) => {
    let validate = null, error = "";
    try {
      validate = makeAjv().compile(c.schema);
    } catch (e) {
      error = String(e.message || e);
    }
    c.tests.forEach((t, ti) => {
      const line = { file: path.basename(file), ci, ti, expected: t.valid };
      if (!validate) {
        line.got = null;
        line.error = error;
      } else {
        try {
          line.got = validate(t.data);
          line.error = line.got ? "" : JSON.stringify(validate.errors && validate.errors[0]);
        } catch (e) {
          line.got = null;
          line.error = String(e.message || e);
        }
      }
      out.push(JSON.stringify(line));
    });
  });
}
process.stdout.write(out.join("\n") + "\n");
