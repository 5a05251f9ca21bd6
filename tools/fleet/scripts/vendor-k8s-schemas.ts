/**
 * Writes tools/fleet/schemas/k8s-<version>.json from the official Kubernetes OpenAPI v2 spec
 * (`api/openapi-spec/swagger.json` of a Kubernetes release): the definitions reachable from the kinds the fleet
 * renders, as one JSON Schema (draft-07) document ajv can compile.
 *
 *   tsx tools/fleet/scripts/vendor-k8s-schemas.ts SWAGGER.json VERSION "SOURCE TEXT"
 *
 * Changes from the spec, the same ones kubeconform's "-strict" schemas make: `additionalProperties: false` on every
 * object with declared properties (a misspelled field fails instead of being dropped by the API server),
 * IntOrString accepts an integer or a string, and `format` / `x-kubernetes-*` / descriptions are dropped (not JSON
 * Schema validation keywords, or unused here). Each kind gets a top-level schema under `kinds` that pins its
 * apiVersion and kind from `x-kubernetes-group-version-kind`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** The kinds `fleet render` writes. */
export const VENDORED_KINDS = [
  'io.k8s.api.batch.v1.Job',
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.PersistentVolumeClaim',
  'io.k8s.api.networking.v1.NetworkPolicy',
] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function refName(ref: string): string {
  return ref.replace('#/definitions/', '');
}

function collect(defs: Record<string, Schema>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (o: Json): void => {
    if (Array.isArray(o)) o.forEach(visit);
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = refName(v);
          if (!seen.has(name)) {
            seen.add(name);
            visit(defs[name] as Json);
          }
        } else visit(v);
      }
    }
  };
  for (const r of roots) {
    seen.add(r);
    visit(defs[r] as Json);
  }
  return seen;
}

function clean(o: Json): Json {
  if (Array.isArray(o)) return o.map(clean);
  if (!o || typeof o !== 'object') return o;
  const out: Schema = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'description' || k === 'format' || k.startsWith('x-kubernetes-')) continue;
    if (k === '$ref' && typeof v === 'string') out[k] = `#/definitions/${refName(v)}`;
    else if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, clean(s)]));
    } else out[k] = clean(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function main(argv: string[]): void {
  const [swaggerPath, version, source] = argv;
  if (!swaggerPath || !version || !source) throw new Error('usage: vendor-k8s-schemas.ts SWAGGER.json VERSION "SOURCE TEXT"');
  const text = readFileSync(swaggerPath, 'utf8');
  const defs = (JSON.parse(text) as { definitions: Record<string, Schema> }).definitions;
  const names = [...collect(defs, VENDORED_KINDS)].sort();
  const definitions: Record<string, Json> = {};
  for (const n of names) definitions[n] = n === INT_OR_STRING ? { type: ['integer', 'string'] } : clean(defs[n] as Json);
  const kinds: Record<string, Json> = {};
  for (const k of VENDORED_KINDS) {
    const gvk = (defs[k]!['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[])[0]!;
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    kinds[`${apiVersion}/${gvk.kind}`] = {
      allOf: [{ $ref: `#/definitions/${k}` }],
      properties: { apiVersion: { const: apiVersion }, kind: { const: gvk.kind } },
      required: ['apiVersion', 'kind', 'metadata'],
    };
  }
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Kubernetes ${version} object schemas from ${source} (sha256 ${createHash('sha256').update(text).digest('hex')}), ` +
      'reduced to the kinds tools/fleet renders by tools/fleet/scripts/vendor-k8s-schemas.ts',
    kubernetesVersion: version,
    kinds,
    definitions,
  };
  const out = new URL(`../schemas/k8s-${version}.json`, import.meta.url);
  writeFileSync(out, JSON.stringify(doc) + '\n');
  process.stdout.write(`wrote ${out.pathname}: ${names.length} definitions, kinds ${Object.keys(kinds).join(', ')}\n`);
}

main(process.argv.slice(2));
