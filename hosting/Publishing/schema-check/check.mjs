#!/usr/bin/env node
// Validates every YAML document of the given files and directories (or of stdin, for "-", such as the output of
// kubectl kustomize) against its schema, offline: Kubernetes' own kinds against kubernetes-models, KEDA's (keda.sh)
// against @kubernetes-models/keda, and the KEDA HTTP add-on's HTTPScaledObject (http.keda.sh, which no npm package
// models) against its CRD's schema, vendored under schemas/ with its provenance. Prints each failure as
// "file: Kind/name: field: what is wrong" and exits 1 when any object fails. Kinds that have none of these schemas
// (Kustomization, KServe's InferenceService and ClusterServingRuntime) are named and skipped: Modelplane checks those
// by reading them back.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parseAllDocuments } from "yaml";

const notKubernetes = new Set(["kustomize.config.k8s.io", "serving.kserve.io"]);

// The groups whose kinds come from a package other than kubernetes-models, and those checked against a vendored CRD schema.
const packages = { "keda.sh": "@kubernetes-models/keda/keda.sh" };
const crdSchemas = new Set(["http.keda.sh"]);
const schemaDirectory = join(dirname(fileURLToPath(import.meta.url)), "schemas");

// A CRD's schema is OpenAPI: Kubernetes' integer formats, its x-kubernetes-* extensions, and CEL rules. The one form of
// rule the vendored schemas use is "exactly one of two fields"; any other stops the check, so none is skipped unseen.
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  formats: {
    int32: { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
    int64: { type: "number", validate: (n) => Number.isInteger(n) },
  },
});
ajv.addKeyword({
  keyword: "x-kubernetes-validations",
  type: "object",
  schemaType: "array",
  compile(rules) {
    const checks = rules.map(({ rule, message }) => {
      const oneOf = /^has\(self\.(\w+)\) != has\(self\.(\w+)\)$/.exec(rule);
      if (!oneOf) {
        throw new Error(`check.mjs cannot evaluate the CEL rule '${rule}' of a vendored schema; teach it this form`);
      }
      return (object) => ((oneOf[1] in object) !== (oneOf[2] in object) ? null : message);
    });
    const validate = (object) => {
      const failed = checks.map((check) => check(object)).filter((message) => message !== null);
      validate.errors = failed.map((message) => ({ keyword: "x-kubernetes-validations", message }));
      return failed.length === 0;
    };
    return validate;
  },
});

// kubectl applies with strict field validation: a field a structural schema does not name is refused, not pruned.
function closed(schema) {
  if (Array.isArray(schema)) {
    return schema.map(closed);
  }
  if (schema === null || typeof schema !== "object") {
    return schema;
  }
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === "x-kubernetes-validations" ? value : closed(value)]));
  if (copy.properties && copy.additionalProperties === undefined && !copy["x-kubernetes-preserve-unknown-fields"]) {
    copy.additionalProperties = false;
  }
  return copy;
}

const crdValidators = new Map();
function crdValidator(group, version, kind) {
  const key = `${group}/${version}/${kind}`;
  if (!crdValidators.has(key)) {
    let schema;
    try {
      schema = JSON.parse(readFileSync(join(schemaDirectory, `${group}-${version}-${kind}.json`), "utf8"));
    } catch {
      crdValidators.set(key, null);
      return null;
    }
    crdValidators.set(key, ajv.compile(closed(schema)));
  }
  return crdValidators.get(key);
}

function yamlFiles(path) {
  if (statSync(path).isDirectory()) {
    return readdirSync(path).sort().flatMap((entry) => yamlFiles(join(path, entry)));
  }
  return /\.ya?ml$/.test(path) ? [path] : [];
}

function field(instancePath) {
  return instancePath.replace(/^\//, "").split("/").map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") || "(object)";
}

async function check(file, text) {
  const failures = [];
  let valid = 0;
  let skipped = 0;
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      failures.push(`${file}: YAML: ${document.errors[0].message}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    const where = `${file}: ${object.kind ?? "(no kind)"}/${object.metadata?.name ?? "(no name)"}`;
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      failures.push(`${where}: apiVersion and kind are required`);
      continue;
    }
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["v1", undefined];
    if (notKubernetes.has(group)) {
      skipped++;
      continue;
    }
    if (crdSchemas.has(group)) {
      const validate = crdValidator(group, version, object.kind);
      if (validate === null) {
        failures.push(`${where}: apiVersion ${object.apiVersion} has no kind ${object.kind} in the vendored schemas`);
      } else if (validate(object)) {
        valid++;
      } else {
        for (const e of validate.errors) {
          const unknown = e.keyword === "additionalProperties";
          const path = unknown ? `${e.instancePath}/${e.params.additionalProperty}` : e.instancePath;
          failures.push(`${where}: ${field(path)}: ${unknown ? "unknown field" : e.message}`);
        }
      }
      continue;
    }
    const module = packages[group] ? `${packages[group]}/${version}/${object.kind}` : version ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/v1/${object.kind}`;
    let Model;
    try {
      Model = (await import(module))[object.kind];
    } catch {
      failures.push(`${where}: apiVersion ${object.apiVersion} has no kind ${object.kind} in the ${packages[group] ? "KEDA" : "Kubernetes"} schemas`);
      continue;
    }
    try {
      new Model(object).validate();
      valid++;
    } catch (error) {
      const errors = error.errors ?? [{ instancePath: "", message: error.message }];
      for (const e of errors) {
        failures.push(`${where}: ${field(e.instancePath ?? "")}: ${e.message}`);
      }
    }
  }
  return { failures, valid, skipped };
}

const inputs = process.argv.slice(2);
if (inputs.length === 0) {
  console.error("usage: check.mjs DIR|FILE|- ...");
  process.exit(2);
}

let failures = [];
let valid = 0;
let skipped = 0;
for (const input of inputs) {
  const sources = input === "-" ? [["(stdin)", readFileSync(0, "utf8")]] : yamlFiles(input).map((f) => [f, readFileSync(f, "utf8")]);
  for (const [file, text] of sources) {
    const result = await check(file, text);
    failures = failures.concat(result.failures);
    valid += result.valid;
    skipped += result.skipped;
  }
}

for (const failure of failures) {
  console.log(failure);
}
console.log(`${valid} objects valid, ${failures.length} failures, ${skipped} kinds without a schema skipped`);
process.exit(failures.length === 0 ? 0 : 1);
