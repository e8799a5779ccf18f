#!/usr/bin/env node
// Validates every YAML document of the given files and directories (or of stdin, for "-", such as the output of
// kubectl kustomize) against the Kubernetes schemas of kubernetes-models, offline. Prints each failure as
// "file: Kind/name: field: what is wrong" and exits 1 when any object fails. Kinds that are not Kubernetes' own
// (Kustomization, KServe's InferenceService and ClusterServingRuntime) are named and skipped: Modelplane checks
// those by reading them back.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const notKubernetes = new Set(["kustomize.config.k8s.io", "serving.kserve.io"]);

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
    const module = version ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/v1/${object.kind}`;
    let Model;
    try {
      Model = (await import(module))[object.kind];
    } catch {
      failures.push(`${where}: apiVersion ${object.apiVersion} has no kind ${object.kind} in the Kubernetes schemas`);
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
console.log(`${valid} objects valid, ${failures.length} failures, ${skipped} not Kubernetes' own kinds skipped`);
process.exit(failures.length === 0 ? 0 : 1);
